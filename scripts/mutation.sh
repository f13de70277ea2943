#!/usr/bin/env bash
# Mutation testing of the scoring and reporting code: do the tests notice a one-line bug?
#
#   bash scripts/mutation.sh [python|js|all] [FILE...]     (default: all files of the group)
#   bash scripts/mutation.sh js FILE:FIRST-LAST            (a JS file's mutants on those lines)
#
# Python: mutmut (the `mutation` extra) over the files in PY_FILES, each run in its own
# workspace (build/mutation/py/<name>, laid out by scripts/mutation_workspace.py) against the
# tests listed for it; mutmut runs, for each mutant, only those of them that execute the
# mutated function. JS: Stryker (`npm ci`: @stryker-mutator/core, command runner) over the
# files in JS_FILES, each against its own tests; Stryker instruments the file in place for the
# run (restored afterwards; the script refuses to start on uncommitted changes to it) and the
# tests' pages get the live mutant through tests/support/stryker.py.
# Results: build/mutation/<file>.txt per file (mutmut's results, Stryker's clear-text report)
# and the table build/mutation/summary.tsv (file, mutants, killed, survived, other, score).
# Survivors are killed by new tests or listed as equivalent in docs/mutation.md.
# MUTATION_TESTS="tests/..." replaces the file's tests for a run (say so where its results are recorded).
# The machine may be shared: everything runs under `nice -n 15`, MUTATION_JOBS (default 2) at once.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/build/mutation
JOBS=${MUTATION_JOBS:-2}
# Stryker: a mutant's run is a timeout (killed: the tests hang) this long after the run without
# mutants took; 120 s suits the Chromium tests, 30 s the jsdom ones (a run takes 3-25 s).
TIMEOUT_MS=${MUTATION_TIMEOUT_MS:-120000}
export CK_CANVAS_EXAMPLES=${CK_CANVAS_EXAMPLES:-10}  # random courses per run of tests/test_canvas_conditions.py
export COURSEKIT_SCHEMAS=${COURSEKIT_SCHEMAS:-$(cd "$ROOT/.." && pwd)/shared/schemas}

# file -> the tests that cover it (kept short: only these run against its mutants; for a browser
# script, only the tests that run it: a test that never loads the file cannot kill its mutants)
declare -A PY_TESTS=(
  [src/coursekit/scoring.py]="tests/test_scoring_spec.py tests/test_scoring_contract.py"
  [src/coursekit/model/question.py]="tests/test_question_rules.py tests/test_scoring_spec.py tests/test_scoring_js_twin.py tests/test_load_broken.py tests/test_canvas_conditions.py"
  [exporters/qti/qti21_items.py]="tests/test_qti_scoring.py tests/test_qti_numeric_engine.py tests/test_qti_packages.py tests/test_qti_items_read.py tests/test_qti_items_learner.py tests/test_qti_answer_feedback_import.py"
  [exporters/qti/canvas_items.py]="tests/test_canvas_conditions.py tests/test_canvas_package.py tests/test_canvas_items.py"
  [exporters/moodle/grades.py]="tests/test_moodle_grades.py tests/test_moodle_roundtrip.py tests/test_moodle_escaping.py tests/test_moodle_courses.py"
)
PY_FILES=(src/coursekit/scoring.py src/coursekit/model/question.py exporters/qti/qti21_items.py
          exporters/qti/canvas_items.py exporters/moodle/grades.py)
declare -A JS_TESTS=(
  [exporters/html/static/scoring.js]="tests/test_scoring_js_twin.py tests/test_scoring_spec.py tests/test_scoring_contract.py tests/test_i18n_numbers.py -k js_scorer_or_twin_or_alike_or_typed_or_refused_or_messages_or_interpolation_or_plural_rules_or_fractional_count"
  # jsdom, no browser (tests/js/): seconds per mutant instead of a minute
  [exporters/html/static/quiz.js]="tests/test_html_quiz_jsdom.py"
  [exporters/scorm/static/scorm-bridge.js]="tests/test_scorm_jsdom.py"
  [exporters/scorm/static/scorm-runtime.js]="tests/test_scorm_jsdom.py"
  # the interactions' tests assert every element of an interaction exactly (the `element` rules)
  [exporters/scorm/static/scorm-types.js]="tests/test_scorm_types_jsdom.py tests/test_scorm_interactions_jsdom.py tests/test_scorm_jsdom.py"
  # its own tests, then (only for a mutant they miss: pytest would put the larger file first,
  # tests/support/schedule.py) the SCORM tests that read every type's interactions; the other
  # SCORM tests cannot tell its mutants apart but through an exception, which these notice too
  [exporters/scorm/static/scorm-interactions.js]="tests/test_scorm_interactions_jsdom.py && .venv/bin/python -m pytest -x -q -p no:cacheprovider tests/test_scorm_jsdom.py -k every_type"
)
# The Chromium tests of the same files: MUTATION_JS_BROWSER=1 runs them instead (20-60 s a mutant).
declare -A JS_BROWSER_TESTS=(
  [exporters/html/static/quiz.js]="tests/test_pass_boundaries.py tests/test_html_browser.py tests/test_html_answers.py tests/test_i18n_browser.py -k quiz_or_every_type_or_inline_or_parametric_or_progress_or_hook_or_html_site_or_unanswered_or_refuses"
  [exporters/scorm/static/scorm-bridge.js]="tests/test_pass_boundaries.py -k scorm"
  [exporters/scorm/static/scorm-runtime.js]="tests/test_pass_boundaries.py tests/test_scorm_runtime.py -k scorm_or_reports_or_resume_or_suspend_or_sco_per_chapter_or_without"
  [exporters/scorm/static/scorm-types.js]="tests/test_scorm_lms_data.py tests/test_scorm_runtime.py"
  [exporters/scorm/static/scorm-interactions.js]="tests/test_scorm_lms_data.py tests/test_scorm_runtime.py"
)
if [ "${MUTATION_JS_BROWSER:-0}" = 1 ]; then
  for f in "${!JS_BROWSER_TESTS[@]}"; do JS_TESTS[$f]=${JS_BROWSER_TESTS[$f]}; done
fi
JS_FILES=(exporters/html/static/scoring.js exporters/html/static/quiz.js
          exporters/scorm/static/scorm-bridge.js exporters/scorm/static/scorm-runtime.js
          exporters/scorm/static/scorm-types.js exporters/scorm/static/scorm-interactions.js)

group=${1:-all}
shift || true
selected=("$@")

setup() {
  [ -x .venv/bin/python ] || python3 -m venv .venv
  local stamp=.venv/.coursekit-mutation-installed
  if [ ! -x .venv/bin/mutmut ] || [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,mutation]'
    touch "$stamp"
  fi
  [ -d node_modules/@stryker-mutator/core ] || npm ci --no-audit --no-fund --loglevel=error
  mkdir -p "$OUT"
  [ -f "$OUT/summary.tsv" ] || printf 'file\tmutants\tkilled\tsurvived\tother\tscore\n' > "$OUT/summary.tsv"
}

wanted() {  # is $1 among the files named on the command line (or were none named)?
  [ ${#selected[@]} -eq 0 ] && return 0
  local f
  for f in "${selected[@]}"; do [ "$f" = "$1" ] && return 0; done
  return 1
}

record() {  # file mutants killed survived other
  local score
  score=$(python3 -c "import sys; k, n, o = map(int, sys.argv[1:]); print(f'{100 * k / (n - o):.1f}' if n > o else '-')" "$3" "$2" "$5")
  grep -v -P "^\Q$1\E\t" "$OUT/summary.tsv" > "$OUT/summary.tmp" || true
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$score" >> "$OUT/summary.tmp"
  mv "$OUT/summary.tmp" "$OUT/summary.tsv"
  echo "$1: $3 of $(($2 - $5)) mutants killed ($score %), $4 survived, $5 not run"
}

run_python() {
  local file=$1 name ws
  name=$(echo "$file" | tr '/.' '__')
  ws=$OUT/py/$name
  # shellcheck disable=SC2086
  .venv/bin/python scripts/mutation_workspace.py "$ws" "$file" -- ${PY_TESTS[$file]}
  # 1. statistics only (which tests execute which function): no mutant has this name
  (cd "$ws" && nice -n 15 "$ROOT/.venv/bin/mutmut" run --max-children "$JOBS" "coursekit.statistics_only" \
    > "$OUT/$name.stats.log" 2>&1) || true
  [ -f "$ws/mutants/mutmut-stats.json" ] || { tail -n 40 "$OUT/$name.stats.log" >&2; return 1; }
  # 2. credit each function to every test of the modules that executed it (module-scoped fixtures)
  .venv/bin/python scripts/mutation_workspace.py --widen "$ws"
  # 3. the mutants
  (cd "$ws" && nice -n 15 "$ROOT/.venv/bin/mutmut" run --max-children "$JOBS" > "$OUT/$name.log" 2>&1) || {
    tail -n 40 "$OUT/$name.log" >&2
    return 1
  }
  (cd "$ws" && "$ROOT/.venv/bin/mutmut" results --all true > "$OUT/$name.txt" 2>/dev/null)
  # killed: a test failed or hung; survived: every covering test passed, or no test ran it
  local total killed survived
  total=$(grep -c ': ' "$OUT/$name.txt" || true)
  killed=$(grep -c -E ': (killed|timeout|segfault)$' "$OUT/$name.txt" || true)
  survived=$(grep -c -E ': (survived|no tests|suspicious)$' "$OUT/$name.txt" || true)
  record "$file" "$total" "$killed" "$survived" $((total - killed - survived))
}

run_js() {  # file [:FIRST-LAST, Stryker's line range: only the mutants on those lines]
  local file=$1 lines=${2:-} name conf
  name=$(echo "$file$lines" | tr '/.:' '___')
  if ! git diff --quiet -- "$file" exporters; then
    echo "exporters/ has uncommitted changes: Stryker instruments $file in place; commit or stash first" >&2
    return 1
  fi
  trap 'git checkout -- "'"$file"'"' EXIT  # an interrupted run must not leave the file instrumented
  conf=$OUT/stryker-$name.json
  # The instrumented file is the same for every mutant of this run, and so is every package the
  # tests build from it: build each once (tests/support/package_cache.py), in a fresh folder.
  export COURSEKIT_TEST_PACKAGE_CACHE=$OUT/packages-$name
  rm -rf "$COURSEKIT_TEST_PACKAGE_CACHE"
  mkdir -p "$COURSEKIT_TEST_PACKAGE_CACHE"
  # MUTATION_TESTS: other tests for this run than JS_TESTS (a range whose mutants only some of them can see)
  local command=".venv/bin/python -m pytest -x -q -p no:cacheprovider ${MUTATION_TESTS:-${JS_TESTS[$file]}}"
  command=${command//_or_/ or }
  .venv/bin/python - "$conf" "$file$lines" "$command" "$OUT" "$name" "$JOBS" "$TIMEOUT_MS" <<'PY'
import json, sys
conf, file, command, out, name, jobs, timeout = sys.argv[1:]
if " -k " in command:  # pytest -k takes one argument: quote it for the shell Stryker runs
    head, _, expr = command.partition(" -k ")
    command = f"{head} -k '{expr}'"
json.dump({
    "mutate": [file],
    "testRunner": "command",
    "commandRunner": {"command": command},
    "inPlace": True,
    "coverageAnalysis": "off",
    "concurrency": int(jobs),
    "timeoutMS": int(timeout),
    "reporters": ["clear-text", "json", "progress-append-only"],
    "jsonReporter": {"fileName": f"{out}/{name}.json"},
    "clearTextReporter": {"allowColor": False, "logTests": False, "maxTestsToLog": 0},
    "tempDirName": f"build/mutation/stryker-tmp-{name}",
    "cleanTempDir": True,
    "ignoreStatic": False,
    "disableTypeChecks": False,
    "ignorePatterns": ["/.venv", "/build", "/bench/results", "/.hypothesis"],
}, open(conf, "w"), indent=1)
PY
  nice -n 15 node_modules/.bin/stryker run "$conf" > "$OUT/$name.txt" 2>&1 || {
    tail -n 40 "$OUT/$name.txt" >&2
    return 1
  }
  git checkout -- "$file"
  trap - EXIT
  rm -rf "$COURSEKIT_TEST_PACKAGE_CACHE"
  unset COURSEKIT_TEST_PACKAGE_CACHE
  read -r total killed survived other < <(.venv/bin/python - "$OUT/$name.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
statuses = [m["status"] for f in report["files"].values() for m in f["mutants"]]
killed = sum(s in ("Killed", "Timeout") for s in statuses)
survived = sum(s == "Survived" for s in statuses)
print(len(statuses), killed, survived, len(statuses) - killed - survived)
PY
  )
  record "$file$lines" "$total" "$killed" "$survived" "$other"
}

setup
if [ "$group" = python ] || [ "$group" = all ]; then
  for f in "${PY_FILES[@]}"; do wanted "$f" && run_python "$f"; done
fi
if [ "$group" = js ] || [ "$group" = all ]; then
  if [ ${#selected[@]} -eq 0 ]; then
    for f in "${JS_FILES[@]}"; do run_js "$f"; done
  else  # in the order named; FILE:FIRST-LAST runs the mutants on those lines only
    for f in "${selected[@]}"; do
      case " ${JS_FILES[*]} " in *" ${f%%:*} "*) run_js "${f%%:*}" "${f#"${f%%:*}"}" ;; esac
    done
  fi
fi
column -t -s $'\t' "$OUT/summary.tsv"
