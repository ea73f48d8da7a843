package lexicon

// PLOVER returns the PLOVER event type of a CAMEO code, "" when PLOVER has
// none (CAMEO 01 public statements and 02 appeals are not PLOVER events).
// The table follows PLOVER's CAMEO conversion (draft 0.8, 2021): by the
// two-digit root, with the 08, 16, 17 and 19 codes that moved to another type.
func PLOVER(cameo string) string {
	if len(cameo) < 2 {
		return ""
	}
	if len(cameo) >= 4 {
		switch cameo[:4] {
		case "0813", "0814":
			return "RETREAT"
		case "1712":
			return "ASSAULT"
		}
	}
	if len(cameo) >= 3 {
		switch cameo[:3] {
		case "084", "085", "086", "087":
			return "RETREAT"
		case "163", "191", "192":
			return "COERCE"
		case "175", "201":
			return "ASSAULT"
		}
	}
	switch cameo[:2] {
	case "03":
		return "AGREE"
	case "04":
		return "CONSULT"
	case "05":
		return "SUPPORT"
	case "06":
		return "COOPERATE"
	case "07":
		return "AID"
	case "08":
		return "CONCEDE"
	case "09", "11":
		return "ACCUSE"
	case "10":
		return "REQUEST"
	case "12":
		return "REJECT"
	case "13":
		return "THREATEN"
	case "14":
		return "PROTEST"
	case "15":
		return "MOBILIZE"
	case "16":
		return "SANCTION"
	case "17":
		return "COERCE"
	case "18", "19", "20":
		return "ASSAULT"
	}
	return ""
}
