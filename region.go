package sitrep

// PrecisionRegion marks a place coarser than a country: a continent or a
// world region ("Europe", "Western Africa").
const PrecisionRegion Precision = "region"
