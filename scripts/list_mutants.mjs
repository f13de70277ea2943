// Every mutant Stryker makes of a file, written as a report that scripts/mutant.py plants:
//
//   node scripts/list_mutants.mjs exporters/html/static/quiz.js > build/mutation/quiz-all.json
//   python scripts/mutant.py build/mutation/quiz-all.json 0 496 -- -x tests/test_html_quiz_jsdom.py
//
// A run over a range of lines (scripts/mutation.sh js FILE:FIRST-LAST) takes only the mutants
// that lie wholly inside it, so one that spans a whole function or object literal across two
// ranges falls in none; this lists them all (each with status "Survived", the way mutant.py
// reads a report) with Stryker's own instrumenter, the same ids and replacements as a run.
import fs from 'fs';
import path from 'path';

const { Instrumenter } = await import(path.resolve('node_modules/@stryker-mutator/instrumenter/dist/src/index.js'));
const quiet = { isDebugEnabled: () => false, isTraceEnabled: () => false, debug() {}, trace() {}, info() {}, warn() {}, error() {}, fatal() {} };
const file = process.argv[2];
const source = fs.readFileSync(file, 'utf8');
const result = await new Instrumenter(quiet).instrument([{ name: file, content: source, mutate: true }], {
  plugins: null, excludedMutations: [], ignorers: [], noHeader: true,
});
const at = (p) => ({ line: p.line + 1, column: p.column + 1 }); // the report's positions are 1-based
const mutants = result.mutants.map((m) => ({
  id: m.id, location: { start: at(m.location.start), end: at(m.location.end) },
  mutatorName: m.mutatorName, replacement: m.replacement, status: 'Survived',
}));
process.stdout.write(JSON.stringify({ files: { [file]: { source, mutants } } }));
