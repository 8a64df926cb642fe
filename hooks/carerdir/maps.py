"""Maps: the site-wide map (/map/), a map on each town page and a small one on record pages.

folium describes each map (a `folium.Map` without tiles, a `folium.TileLayer` for 地理院タイル
and, where several places are shown, `fit_bounds`). We publish the Leaflet options folium holds
as a small JSON attribute on the page, not folium's HTML document: that document is a page of
its own (with a viewport that forbids zooming and scripts that must run inline before Leaflet
is loaded), while map.js can load Leaflet only on pages with a map, lazily, and start again
after Material's instant navigation. The markers come from GeoJSON files (geojson.py), so a
map page is the same size at any number of records.

Leaflet and Leaflet.markercluster are copied from node_modules/ (npm ci of the committed
package-lock.json, pinned with integrity) into the site: no CDN, no committed copies.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .config import MapConfig
from .directory import Directory, Record
from .exports.streams import Chunks
from .geojson import directory_geojson, located
from .made_file import MadeFile
from .schema import KINDS
from .preview import Each, afresh

if TYPE_CHECKING:
    import folium

GEOJSON_URI = "data/directory.geojson"
TILES_URL = "https://cyberjapandata.gsi.go.jp/xyz/{tiles}/{{z}}/{{x}}/{{y}}.png"
TILES_NAME = {"pale": "淡色地図", "std": "標準地図"}
ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'
MIN_ZOOM, MAX_ZOOM = 5, 18  # the zoom levels GSI serves both tile sets at
TOWN_MAX_ZOOM, RECORD_ZOOM = 15, 16
# Options folium always writes that are Leaflet's defaults anyway: left out of every page.
LEAFLET_DEFAULTS = {"preferCanvas": False, "noWrap": False, "detectRetina": False, "tms": False, "opacity": 1,
                    "subdomains": "abc"}

# What the build copies from each npm package (paths inside the package), licence included.
VENDOR: dict[str, tuple[str, ...]] = {
    "leaflet": ("dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png", "dist/images/layers-2x.png",
                "dist/images/marker-icon.png", "dist/images/marker-icon-2x.png",
                "dist/images/marker-shadow.png", "LICENSE"),
    "leaflet.markercluster": ("dist/leaflet.markercluster.js", "dist/MarkerCluster.css",
                              "dist/MarkerCluster.Default.css", "MIT-LICENCE.txt"),
}
# What map.js loads, in order (the cluster plugin needs Leaflet first; our own icons replace
# MarkerCluster.Default.css, which is copied for completeness only).
LOADED_CSS = (("leaflet", "dist/leaflet.css"), ("leaflet.markercluster", "dist/MarkerCluster.css"))
LOADED_JS = (("leaflet", "dist/leaflet.js"), ("leaflet.markercluster", "dist/leaflet.markercluster.js"))

MISSING = ("地図のライブラリ（Leaflet）が見つかりません。bash scripts/setup を実行してください。"
           " (node_modules/{package} is missing or not the version in package-lock.json: run bash scripts/setup)")

Bounds = list[list[float]]  # [[south, west], [north, east]]


@dataclass(frozen=True)
class MapView:
    """One map on one page, as its template needs it."""

    id: str  # the map element's id, from the page (never random: builds are reproducible)
    # JSON for map.js, for an attribute: Material's instant navigation runs every <script> of a
    # page it loads as JavaScript, whatever its type, so a JSON <script> would break there.
    config: str
    places: tuple[Record, ...]  # the text equivalent, in list order (empty: map.js lists the GeoJSON)
    counts: dict[str, int]  # places per kind, for the legend; kinds without places left out


def node_modules(project_dir: Path) -> Path:
    """The project's node_modules, or that of the checkout whose .venv runs this build.

    scripts/setup installs both side by side; tests and the benchmark build copies of the
    project (without node_modules) with that same .venv.
    """
    for base in (project_dir, Path(sys.prefix).parent):
        if (base / "node_modules" / "leaflet" / "package.json").is_file():
            return base / "node_modules"
    raise PluginError(MISSING.format(package="leaflet"))


def installed_versions(modules: Path) -> dict[str, str]:
    """Version of each vendored package, checked against package-lock.json when it is beside it."""
    lock_file = modules.parent / "package-lock.json"
    locked = json.loads(lock_file.read_text(encoding="utf-8"))["packages"] if lock_file.is_file() else {}
    versions = {}
    for package in VENDOR:
        manifest = modules / package / "package.json"
        if not manifest.is_file():
            raise PluginError(MISSING.format(package=package))
        version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        if locked and locked.get(f"node_modules/{package}", {}).get("version") != version:
            raise PluginError(MISSING.format(package=package))
        versions[package] = version
    return versions


def vendor_uri(package: str, version: str, path: str) -> str:
    """Where a vendored file lives in the site; the version in the folder name busts caches."""
    return f"assets/vendor/{package}-{version}/{path.removeprefix('dist/')}"


def folium_map(settings: MapConfig, name: str, center: list[float], zoom: int, bounds: Bounds | None = None,
               max_zoom: int | None = None, css: Sequence[str] = (), js: Sequence[str] = ()) -> folium.Map:
    """A folium.Map with 地理院タイル, element names from `name` (folium's are random) and, in place
    of folium's CDN links (Leaflet, jQuery, Bootstrap, Font Awesome, awesome-markers), the site's
    own Leaflet files `css`/`js` (site-relative): rendered on its own, it would fetch no CDN either."""
    import folium  # slow to import (~1 s); only builds with maps need it

    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, zoom_control=False,
                      scroll_wheel_zoom=False)  # the wheel scrolls the page, not the map
    fmap._id = name
    fmap.default_css = [(f"vendor_css_{i}", uri) for i, uri in enumerate(css)]
    fmap.default_js = [(f"vendor_js_{i}", uri) for i, uri in enumerate(js)]
    tiles = folium.TileLayer(tiles=TILES_URL.format(tiles=settings.tiles), attr=ATTRIBUTION,
                             name=TILES_NAME[settings.tiles], min_zoom=MIN_ZOOM, max_zoom=MAX_ZOOM)
    tiles._id = name
    tiles.add_to(fmap)
    if bounds:
        fmap.fit_bounds(bounds, padding=(24, 24), max_zoom=max_zoom)  # markers whole, not cut at the edge
    return fmap


def leaflet_options(fmap: folium.Map) -> dict[str, Any]:
    """What map.js needs from a folium.Map: Leaflet's map, tile-layer and fitBounds options."""
    import folium

    children = list(fmap._children.values())
    tiles = next(c for c in children if isinstance(c, folium.TileLayer))
    fit = next((c for c in children if isinstance(c, folium.FitBounds)), None)
    return {
        "id": fmap.get_name(),
        "map": {"center": fmap.location, **_changed(fmap.options)},
        "tiles": {"url": tiles.tiles, "options": _changed(tiles.options)},
        "fit": {"bounds": fit.bounds, "options": fit.options} if fit else None,
    }


def _changed(options: dict[str, Any]) -> dict[str, Any]:
    """folium's options in Leaflet's (camelCase) names, without those at Leaflet's defaults."""
    from folium.utilities import camelize

    named = {camelize(key): value for key, value in options.items()}
    return {key: value for key, value in named.items() if LEAFLET_DEFAULTS.get(key, object()) != value}


def bounds_of(points: list[tuple[float, float]]) -> Bounds:
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def kind_counts(records: list[Record]) -> dict[str, int]:
    counts = {kind: sum(1 for r in records if r.kind == kind) for kind in KINDS}
    return {kind: n for kind, n in counts.items() if n}


class Maps:
    """The maps of one build: vendored files, GeoJSON files and each page's map."""

    def __init__(self, directory: Directory, settings: MapConfig, today: date) -> None:
        if settings.center is not None and len(settings.center) != 2:
            raise PluginError("mkdocs.yml の extra.directory.map.center は [緯度, 経度] の2つの数で書いてください"
                              "（例: center: [43.22, 141.52]） (map.center must be [lat, lon])")
        self.directory, self.settings, self.today = directory, settings, today
        self.css: list[str] = []
        self.js: list[str] = []
        self.town_files: dict[str, str] = {}  # town slug -> its GeoJSON's src_uri
        self.geojson = Chunks([])  # the whole directory's, once add_files has made it
        self._record_options: dict[str, Any] | None = None
        self._town_options: dict[str, Any] | None = None

    def add_files(self, files: Files, config: MkDocsConfig, urls: dict[str, str], each: Each = afresh) -> None:
        """Add the vendored Leaflet files and the GeoJSON; `urls` must hold the record pages;
        `each` makes a record's GeoJSON feature (preview.py)."""
        modules = node_modules(Path(config.config_file_path).parent)
        versions = installed_versions(modules)
        for package, paths in VENDOR.items():
            for path in paths:
                uri = vendor_uri(package, versions[package], path)
                files.append(File.generated(config, uri, abs_src_path=str(modules / package / path)))
                urls[uri] = uri
        self.css = [vendor_uri(p, versions[p], path) for p, path in LOADED_CSS]
        self.js = [vendor_uri(p, versions[p], path) for p, path in LOADED_JS]

        from .pages import record_uri
        everything, towns = directory_geojson(self.directory, self.today, lambda i: urls[record_uri(i)], each)
        self.geojson = everything  # also listed on the /data/ page
        for uri, content in [(GEOJSON_URI, everything),
                             *((f"data/towns/{slug}.geojson", data) for slug, data in towns.items())]:
            files.append(MadeFile.holding(config, uri, content))
            urls[uri] = uri
        self.town_files = {slug: f"data/towns/{slug}.geojson" for slug in towns}

    def _options(self, name: str, center: list[float], zoom: int, bounds: Bounds | None = None,
                 max_zoom: int | None = None) -> dict[str, Any]:
        return leaflet_options(folium_map(self.settings, name, center, zoom, bounds, max_zoom, self.css, self.js))

    def _config(self, url: Callable[[str], str], options: dict[str, Any], data: str, mode: str,
                only: dict[str, str] | None = None) -> str:
        """JSON for map.js. `mode`: all / town (clustered, with popups) or record (one still marker);
        `only` picks features of the GeoJSON file; every URL is relative to the page."""
        here = url(GEOJSON_URI)
        wanted = 1 if mode == "record" else None  # one still marker: Leaflet alone, no cluster plugin
        view = {key: value for key, value in options.items() if key != "id"}  # the element's own id
        config = {**view, "mode": mode, "data": url(data), "root": here[: -len(GEOJSON_URI)], "only": only,
                  "css": [url(u) for u in self.css[:wanted]], "js": [url(u) for u in self.js[:wanted]]}
        return json.dumps(config, ensure_ascii=False, separators=(",", ":"))

    def everything(self, url: Callable[[str], str]) -> MapView:
        """/map/: every place, clustered; centred as extra.directory.map says, else on the towns."""
        records = located(self.directory.records)
        if self.settings.center:
            options = self._options("all", list(self.settings.center), self.settings.zoom)
        else:
            points = [(t.lat, t.lon) for t in self.directory.towns.values()]
            points += [(r.location.lat, r.location.lon) for r in records if r.location]
            bounds = bounds_of(points)
            center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
            options = self._options("all", center, self.settings.zoom, bounds, TOWN_MAX_ZOOM)
        return MapView(options["id"], self._config(url, options, GEOJSON_URI, "all"), (),
                       kind_counts(records))

    def town(self, slug: str, url: Callable[[str], str]) -> MapView | None:
        """A town's places, or None when none of its records has a location."""
        records = located(self.directory.in_town(slug))
        if not records:
            return None
        town = self.directory.towns[slug]
        bounds = bounds_of([(r.location.lat, r.location.lon) for r in records if r.location])
        if self._town_options is None:  # folium takes ~9 ms a map: once, not once per town
            self._town_options = self._options("town", [0.0, 0.0], TOWN_MAX_ZOOM, [[0, 0], [1, 1]], TOWN_MAX_ZOOM)
        shared = self._town_options
        options = {**shared, "id": f"map_{slug}", "map": {**shared["map"], "center": [town.lat, town.lon]},
                   "fit": {**shared["fit"], "bounds": bounds}}
        return MapView(options["id"], self._config(url, options, self.town_files[slug], "town"),
                       tuple(records), kind_counts(records))

    def record(self, record: Record, url: Callable[[str], str]) -> MapView | None:
        """One place, or None without a location."""
        if record.location is None:
            return None
        if self._record_options is None:  # folium takes ~9 ms a map: once, not once per record
            self._record_options = self._options("record", [0.0, 0.0], RECORD_ZOOM)
        center = [record.location.lat, record.location.lon]
        options = {**self._record_options, "id": f"map_{record.id.replace('/', '_')}",
                   "map": {**self._record_options["map"], "center": center}}
        config = self._config(url, options, self.town_files[record.town], "record", {"id": record.id})
        return MapView(options["id"], config, (record,), kind_counts([record]))
