"""The SCORM 1.2 and 2004 exporters: the HTML course, plus a launch page, runtime and manifest.

Package layout (both versions):

    imsmanifest.xml
    scorm.html | scorm-<chapter-id>.html   launch page(s): one per SCO
    scorm/scorm-runtime.js, scorm-types.js, scorm-interactions.js, scorm-bridge.js, scorm-data.js, scorm.css
    ... the HTML site exactly as the html target builds it (index.html, pages, static/, assets/)

Default: one SCO (the whole course, with the site's own chapter navigation) reporting the
aggregate of all its quizzes. ``sco_per_chapter``: one SCO per chapter, each showing only its
chapter's page and reporting its own quizzes; the LMS navigates between them.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

from coursekit.exporters import Artifact, Exporter, require_unique
from coursekit.i18n import ui_text
from coursekit.render.rendered import RenderedCourse

from .budget import ScoBudget
from .launch_page import launch_page
from .manifest12 import manifest_scorm12
from .manifest2004 import manifest_scorm2004
from .plan import PackageMetadata, PackagePlan, ScoPlan
from .runtime_data import OverBudget, nominal_max, runtime_data_js, sco_mastery
from .site import SiteFiles, site_items, site_layout

RUNTIME_FILES = ("scorm-runtime.js", "scorm-types.js", "scorm-interactions.js", "scorm-bridge.js", "scorm.css")


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


def _metadata(rendered: RenderedCourse) -> PackageMetadata:
    c = rendered.course
    return PackageMetadata(
        title=c.title,
        description=" ".join(rendered.description.text.split()),
        language=c.language,
        version=c.version,
        keywords=list(c.keywords),
        authors=list(c.authors),
        license=c.license,
    )


def package_files(
    rendered: RenderedCourse, site: SiteFiles, version: str, per_chapter: bool, over_budget: OverBudget | None = None
) -> dict[str, bytes]:
    """Every file of the package (site, launch pages, runtime, manifest), sorted by path.
    ``over_budget``: see ``runtime_data_js``."""
    files = dict(site.files)
    files.update(package_extras(rendered, site, site.files, version, per_chapter, over_budget))
    return dict(sorted(files.items()))


def package_extras(
    rendered: RenderedCourse,
    site: SiteFiles,
    names: Iterable[str],
    version: str,
    per_chapter: bool,
    over_budget: OverBudget | None = None,
) -> dict[str, bytes]:
    """The package's own files (launch pages, runtime, its data, the manifest) for a site whose
    files are ``names``: all the manifest needs of the site is its files' names."""
    course = rendered.course
    files: dict[str, bytes] = {}
    scos: list[tuple[ScoPlan, list[str], str, list[str]]] = []
    weights: dict[str, float] = {}
    if per_chapter:
        total = sum(nominal_max(rq) for rq in rendered.quizzes) or 1.0
        for rc in rendered.chapters:
            key = rc.chapter.id
            launch = f"scorm-{key}.html"
            page = site.chapter_pages[key]
            plan = ScoPlan(key, rc.chapter.title, launch, [launch], sco_mastery(rc.quizzes, course.passing_score))
            scos.append((plan, [page], page, [rq.quiz.id for rq in rc.quizzes]))
            weights[key] = sum(nominal_max(rq) for rq in rc.quizzes) / total
    else:
        plan = ScoPlan(
            course.id, course.title, "scorm.html", ["scorm.html"], sco_mastery(rendered.quizzes, course.passing_score)
        )
        scos.append((plan, list(site.pages), site.index, [rq.quiz.id for rq in rendered.quizzes]))

    for plan, _pages, _start, _quizzes in scos:
        files[plan.href] = launch_page(plan.title, ui_text(course), plan.key)
    for name in RUNTIME_FILES:
        files[f"scorm/{name}"] = _static(name)
    files["scorm/scorm-data.js"] = runtime_data_js(rendered, version, scos, over_budget)

    plan_scos = [p for p, *_ in scos]
    every = sorted({*names, *files})  # the package's files but the manifest
    if per_chapter:
        launchers = {p.href for p in plan_scos}
        shared = [f for f in every if f not in launchers]
    else:
        # One SCO: its resource lists every file, no separate asset resource is needed.
        plan_scos[0].files = every
        shared = []
    plan = PackagePlan(course.id, _metadata(rendered), plan_scos, shared, per_chapter)
    ids = [
        plan.manifest_id,
        plan.organization_id,
        *(i for p in plan_scos for i in (p.item_id, p.resource_id, p.objective_id)),
    ]
    require_unique("SCORM", "manifest identifier", ids + ([plan.shared_resource_id] if shared else []), course.loc)
    files["imsmanifest.xml"] = manifest_scorm12(plan) if version == "1.2" else manifest_scorm2004(plan, weights)
    return files


class ScormExporter(Exporter):
    version = ""  # "1.2" or "2004"
    suffix = ""

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        quizzes = {rq.quiz.id: rq.quiz for rq in rendered.quizzes}

        def over_budget(plan: ScoPlan, budget: ScoBudget, quiz_ids: list[str]) -> None:
            # Located at the first quiz whose questions are no longer itemised.
            first = quizzes[quiz_ids[0]]
            count = 0
            for quiz_id in quiz_ids:
                count += len(quizzes[quiz_id].questions) if quizzes[quiz_id].select is None else quizzes[quiz_id].select
                if count > budget.recordable:
                    first = quizzes[quiz_id]
                    break
            hint = "build with --sco-per-chapter, so that each chapter is a SCO with its own data"
            if self.options.sco_per_chapter:
                hint = "split the chapter's quizzes over more chapters"
            self.warn(
                "CK740",
                f"SCO {plan.key!r} asks {budget.questions} questions per attempt; the LMS data it may keep "
                f"(32 KiB per request, as Moodle sends it) records about {budget.recordable} of them as "
                "interactions: scores are complete, the rest are not itemised",
                first.loc,
                hint,
            )

        # Each site file is handed over as it comes (Exporter.output), only its name kept; the
        # package's own files come after, as package_files adds them over the site's.
        out = self.output(f"{rendered.course.id}-{self.suffix}.zip", "zip")
        names: list[str] = []
        for path, data in site_items(rendered, self.options):
            out.add(path, data)
            names.append(path)
        site = site_layout(rendered, names)
        extras = package_extras(rendered, site, names, self.version, self.options.sco_per_chapter, over_budget)
        for path, data in extras.items():
            out.add(path, data)
        return [out.close()]


class Scorm12Exporter(ScormExporter):
    name = "scorm12"
    version = "1.2"
    suffix = "scorm12"


class Scorm2004Exporter(ScormExporter):
    name = "scorm2004"
    version = "2004"
    suffix = "scorm2004"
