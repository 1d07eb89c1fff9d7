#!/usr/bin/env python3
"""Scores one `pernet scan --format json --explain` output against a library's labels, or (--table DIR)
writes the Markdown table of every library's result.json.

precision = (reported as state and labelled state + reported as readonly and labelled readonly)
            / reported members not labelled `either`
recall    = members labelled state that are reported as state / members labelled state
Only members declared in the labelled (shipped) projects count; a reported member with no label is a
false positive and is listed."""
import json, os, re, sys


def norm(member):
    return re.sub(r"<[^<>]*>", "", re.sub(r"<[^<>]*>", "", member)).replace("global::", "")


def in_scope(path, projects):
    path = path.replace("\\", "/")
    return any(path.startswith(p) for p in projects)


def score(labels_path, scan_path, projects, repo, commit, seconds, scope="-"):
    labels = {}
    with open(labels_path, encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                labels[norm(cols[0])] = cols[2]
    scan = json.load(open(scan_path, encoding="utf-8"))
    dirs = scope.split() if scope not in ("-", "") else [os.path.dirname(p).rstrip("/") + "/" if "*" not in p else p.split("*")[0] for p in projects.split()]
    reported = {}
    for kind, items in (("state", scan.get("state", [])), ("readonly", scan.get("readonly", []))):
        for item in items:
            if in_scope(item["file"], dirs):
                reported[norm(item["member"])] = (kind, item["reason"], item["file"] + ":" + str(item["line"]))
    verdicts = {norm(v["member"]): v for v in scan.get("verdicts") or [] if in_scope(v["file"], dirs)}
    # Scored apart: the members reported for moving (state), and the make-readonly list; `either` left out of both.
    correct, counted, ro_correct, ro_counted, wrong, unlabelled = 0, 0, 0, 0, [], []
    for member, (kind, reason, where) in sorted(reported.items()):
        label = labels.get(member)
        if label == "either":
            continue
        if kind == "state":
            counted += 1
            correct += label == "state"
        else:
            ro_counted += 1
            ro_correct += label == "readonly"
        if label != kind:
            (unlabelled if label is None else wrong).append({"member": member, "reported": kind, "reason": reason, "label": label, "at": where})
    state = [m for m, l in labels.items() if l == "state"]
    found = [m for m in state if reported.get(m, ("",))[0] == "state"]
    missed = [{"member": m, "verdict": (verdicts.get(m) or {}).get("value", "not considered"),
               "reason": (verdicts.get(m) or {}).get("reason", "")} for m in state if m not in found]
    ad0001 = [f for f in scan.get("findings", []) if f.get("rule") == "AD0001"]
    return {
        "status": "scored", "repo": repo, "commit": commit, "projects": projects, "seconds": seconds,
        "members_labelled": len(labels), "members_considered": len(verdicts),
        "reported": len(reported), "reported_state": sum(1 for v in reported.values() if v[0] == "state"),
        "reported_readonly": sum(1 for v in reported.values() if v[0] == "readonly"),
        "labelled_state": len(state), "precision": None if counted == 0 else round(correct / counted, 3),
        "readonly_right": ro_correct, "readonly_counted": ro_counted,
        "recall": None if not state else round(len(found) / len(state), 3),
        "ad0001": len(ad0001), "false_positives": wrong + unlabelled, "missed": missed,
    }


def fmt(x):
    return "–" if x is None else f"{x:.2f}"


def load_results(folder):
    """(library, result) for every library folder that holds a result.json, by name."""
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name, "result.json")
        if os.path.isfile(path):
            yield name, json.load(open(path, encoding="utf-8"))


def table(folder):
    rows = ["# PerNet on real code", "",
            "Produced by `eval/realworld/run.sh --prepare` (labels: `eval/realworld/<library>/labels.tsv`, written by hand",
            "before tuning; per-library results with every false positive and miss: `eval/realworld/<library>/result.json`).",
            "Precision: of the members reported for moving (state) and not labelled `either`, those labelled `state` (a member",
            "labelled `readonly` reported for moving is wrong); recall: members labelled `state` reported as state. The make-readonly",
            "list is scored on its own: of its members not labelled `either`, those labelled `readonly`.",
            "`–`: nothing to divide (no reported member, or no member labelled `state`).", "",
            "First run: a library added to this set is labelled before the tool first runs on it; that run's precision and",
            "recall (`first-run.json`, kept as it was) stand beside the latest: the only figure that predicts how the tool does on",
            "code nobody has tuned against. Libraries without one were added before first runs were kept.", "",
            "| library | commit | members labelled | state labelled | reported (state + readonly) | precision | recall | make-readonly right | first run (precision / recall) | AD0001 | scan time |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    results = list(load_results(folder))
    for name, r in results:
        first_path = os.path.join(folder, name, "first-run.json")
        first = json.load(open(first_path, encoding="utf-8")) if os.path.isfile(first_path) else None
        first_cell = "–" if first is None else (f"{fmt(first.get('precision'))} / {fmt(first.get('recall'))}" if first.get("status") == "scored" else first.get("status", ""))
        if r.get("status") != "scored":
            message = r.get("message", "").replace("|", "/")
            rows.append(f"| {name} | | | | {r.get('status')}: {message} | | | | {first_cell} | | |")
            continue
        rows.append(f"| {name} ({r['repo']}) | `{r['commit'][:10]}` | {r['members_labelled']} | {r['labelled_state']} | "
                    f"{r['reported']} ({r['reported_state']} + {r['reported_readonly']}) | {fmt(r['precision'])} | {fmt(r['recall'])} | "
                    f"{'–' if not r.get('readonly_counted') else str(r['readonly_right']) + ' / ' + str(r['readonly_counted'])} | {first_cell} | {r['ad0001']} | {r['seconds']} s |")
    rows += ["", "## Wrong and missed, per library", ""]
    for name, r in results:
        if r.get("status") != "scored":
            continue
        for fp in r["false_positives"]:
            rows.append(f"- {name}: reported `{fp['member']}` as {fp['reported']} ({fp['reason']}), labelled {fp['label'] or 'nothing'}")
        for m in r["missed"]:
            rows.append(f"- {name}: missed `{m['member']}` (labelled state; verdict {m['verdict']} {m['reason']})")
    rows += migration_table(folder)
    return "\n".join(rows) + "\n"


def migration_table(folder):
    """The migrations of eval/realworld/migrate.sh (migrate-<style>.json) and migrate-test.sh (migrate-test.json)."""
    runs = []
    for name in sorted(os.listdir(folder)):
        for style in ("explicit", "ambient"):
            path = os.path.join(folder, name, f"migrate-{style}.json")
            if os.path.isfile(path):
                runs.append((name, json.load(open(path, encoding="utf-8"))))
    rows = []
    if runs:
        rows += ["", "## The migration, both styles, and the libraries' own tests", "",
                 "From `eval/realworld/migrate.sh` (`eval/realworld/<library>/migrate-<style>.json`): a fresh clone, `pernet migrate",
                 "<project> --style <style>` unattended, then the library's own test command (tests.tsv), unmodified, on the result",
                 "and on the untouched clone; `builds`: `dotnet build` of the library for every framework it targets (`–`: not recorded then).", "",
                 "First run: a library's first migration (`first-migrate-<style>.json`, kept as it was: state moved, own tests",
                 "after); `–` for libraries migrated before first runs were kept.", "",
                 "| library | style | exit | seconds | builds, every framework | state moved / labelled | types refused | own tests after: passed / failed | untouched clone: passed / failed | isolation tests passed / failed | first run: exit, moved, tests after |",
                 "|---|---|---:|---:|---|---|---:|---|---|---|---|"]
        for name, r in runs:
            labels = r.get("labels") or {}
            iso = "–" if r.get("isolation_passed") is None else f"{r['isolation_passed']} / {r['isolation_failed']}"
            first_path = os.path.join(folder, name, f"first-migrate-{r['style']}.json")
            first = "–"
            if os.path.isfile(first_path):
                f = json.load(open(first_path, encoding="utf-8"))
                first = f"exit {f['exit']}, {(f.get('labels') or {}).get('state_moved', '?')} / {(f.get('labels') or {}).get('state_labelled', '?')}, {f['tests_passed']} / {f['tests_failed']}"
            builds = {True: "yes", False: "**no**"}.get(r.get("builds"), "–")
            suite = lambda p, f: "no suite" if r.get("suite") is False else f"{p} / {f}"
            rows.append(f"| {name} | {r['style']} | {r['exit']} | {r['seconds']} | {builds} | {labels.get('state_moved', '?')} / {labels.get('state_labelled', '?')} | "
                        f"{r['refused_types']} | {suite(r['tests_passed'], r['tests_failed'])} | {suite(r['baseline_passed'], r['baseline_failed'])} | {iso} | {first} |")
    tests = [(name, json.load(open(os.path.join(folder, name, "migrate-test.json"), encoding="utf-8")))
             for name in sorted(os.listdir(folder)) if os.path.isfile(os.path.join(folder, name, "migrate-test.json"))]
    if tests:
        rows += ["", "## `pernet migrate --test` on a real library", "",
                 "From `eval/realworld/migrate-test.sh` (`eval/realworld/<library>/migrate-test.json`, the run's report in",
                 "`migrate-test.log`): a test that only passes with global state is added to the library's own suite",
                 "(`global-state-test.patch`), and `migrate --test \"<its test command>\"` must leave out the type whose move breaks it,",
                 "naming the test, and keep the rest.", "",
                 "| library | test added | left out | the test named | test runs | seconds | suite after: passed / failed | untouched + the test: passed / failed |",
                 "|---|---|---|---|---:|---:|---|---|"]
        for name, r in tests:
            rows.append(f"| {name} | `{r['test_added']}` | {r['left_out'] or 'nothing'} | {'yes' if r['left_out_names_the_test'] else 'no'} | {r['test_runs']} | {r['seconds']} | "
                        f"{r['tests_passed']} / {r['tests_failed']} | {r['baseline_passed']} / {r['baseline_failed']} |")
    return rows


if __name__ == "__main__":
    if sys.argv[1] == "--table":
        sys.stdout.write(table(sys.argv[2]))
    else:
        labels, scan, projects, repo, commit, seconds = sys.argv[1:7]
        scope = sys.argv[7] if len(sys.argv) > 7 else "-"
        json.dump(score(labels, scan, projects, repo, commit, int(seconds), scope), sys.stdout, indent=2)
        sys.stdout.write("\n")
