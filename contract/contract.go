// Package contract writes and reads the JSON and CoNLL-U formats fixed by the
// command-line contract (docs/cli-contract.md): the shapes that evaluation
// scripts and users' pipelines rely on. Field names here change only with a
// changelog entry in the README.
package contract
