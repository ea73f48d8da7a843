// Package contract writes and reads the JSON and token formats fixed by the
// command-line contract (docs/cli-contract.md): the shapes that evaluation
// scripts and users' pipelines rely on (CoNLL-U is package conllu). Field
// names here change only with a changelog entry in the README.
package contract
