"""What the packaged app relies on, checked without building it (build/build_and_test.sh does the full build)."""
from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import APP_NAME, __version__, resources
from desktop_app.core.classifiers import registry

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = REPO_ROOT / "build"


def _load_bundle_contents():
    spec = importlib.util.spec_from_file_location("bundle_contents", BUILD_DIR / "bundle_contents.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contents = _load_bundle_contents()


def test_resources_resolve_to_the_repository_from_source():
    assert resources.resource_path("sample_data") == REPO_ROOT / "resources" / "sample_data"


def test_resources_resolve_inside_the_bundle_when_frozen(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("icons", "app.png") == tmp_path / "resources" / "icons" / "app.png"


def test_sample_data_ships_with_one_folder_per_class():
    from desktop_app.core.data.sample_data import bundled_sample_path

    sample_data = bundled_sample_path()
    assert sample_data.is_relative_to(resources.resource_path("sample_data"))  # inside what the spec bundles
    classes = [p for p in sample_data.iterdir() if p.is_dir()]
    assert len(classes) >= 2
    assert all(any(f.is_file() for f in folder.iterdir()) for folder in classes)


def test_app_icon_exists_and_is_a_picture():
    from PIL import Image

    icon = contents.app_icon()
    assert icon.is_file()
    with Image.open(icon) as image:
        assert min(image.size) >= 64


def test_pretrained_weights_are_where_the_features_module_looks():
    from desktop_app.core.extraction.network import weights_path

    assert weights_path() == contents.weights_file()
    assert contents.weights_file().stat().st_size > 10_000_000


def test_every_file_the_spec_bundles_exists():
    for source, destination in contents.data_files() + contents.binary_files():
        assert Path(source).exists(), source
        assert not Path(destination).is_absolute()
    assert contents.ENTRY_SCRIPT.is_file()


def test_torchvision_compiled_operators_are_bundled():
    names = {Path(source).stem for source, _dest in contents.binary_files()}
    assert "_C_stable" in names or "_C" in names  # without it: "operator torchvision::nms does not exist"


def test_weights_keep_their_place_relative_to_the_weights_package():
    """The weights package finds its file next to its own __init__, so the bundle must mirror that layout."""
    destinations = {Path(source).name: dest for source, dest in contents.data_files()}
    assert destinations[contents.weights_file().name] == f"{contents.WEIGHTS_PACKAGE}/models"


def test_spec_uses_the_shared_lists():
    spec_text = (BUILD_DIR / "picture_sorter.spec").read_text()
    for helper in ("data_files()", "binary_files()", "excluded_modules()", "trim_binaries(",
                   "hidden_imports()", "without_links_to(a.datas"):
        assert f"contents.{helper}" in spec_text


def _imported_modules(source_root: Path) -> set[str]:
    found = set()
    for path in source_root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_app_imports_nothing_the_bundle_leaves_out():
    imported = _imported_modules(REPO_ROOT / "desktop_app")
    excluded = set(contents.excluded_modules())
    clashes = {name for name in imported
               if any(name == ex or name.startswith(ex + ".") for ex in excluded)}
    assert not clashes, f"the app imports modules the bundle excludes: {sorted(clashes)}"


def test_the_bundle_keeps_onnx_to_export_and_leaves_out_onnxruntime_which_only_checks():
    excluded = contents.excluded_modules()
    assert "onnx" not in excluded and "onnxruntime" in excluded
    assert {"onnx", "onnx.checker"} <= set(contents.hidden_imports())  # imported by name (core/preload.py)


def test_excluded_data_patterns_keep_resources_and_weights():
    assert contents.is_excluded_data("nvidia/cu13/include/cuda.h")
    assert contents.is_excluded_data("triton/backends/nvidia/bin/ptxas")
    assert not contents.is_excluded_data("resources/sample_data/cats/1.jpg")
    assert not contents.is_excluded_data(f"{contents.WEIGHTS_PACKAGE}/models/{contents.weights_file().name}")


def test_trimming_keeps_linked_cuda_libraries_and_drops_unused_qt_parts(tmp_path):
    nvidia = tmp_path / "site-packages" / "nvidia"
    torch_lib = tmp_path / "site-packages" / "torch" / "lib"
    binaries = [
        ("torch/lib/libtorch_cuda.so", str(torch_lib / "libtorch_cuda.so"), "BINARY"),
        ("nvidia/cu13/lib/libcublas.so.13", str(nvidia / "cu13/lib/libcublas.so.13"), "BINARY"),
        ("nvidia/cudnn/lib/libcudnn.so.9", str(nvidia / "cudnn/lib/libcudnn.so.9"), "BINARY"),
        ("nvidia/cudnn/lib/libcudnn_cnn.so.9", str(nvidia / "cudnn/lib/libcudnn_cnn.so.9"), "BINARY"),
        ("nvidia/cudnn/lib/libcudnn_adv.so.9", str(nvidia / "cudnn/lib/libcudnn_adv.so.9"), "BINARY"),
        ("nvidia/cu13/lib/libnvblas.so.13", str(nvidia / "cu13/lib/libnvblas.so.13"), "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", str(tmp_path / "PySide6/Qt/lib/libQt6Core.so.6"), "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", str(tmp_path / "PySide6/Qt/lib/libQt6Quick.so.6"), "BINARY"),
        ("PySide6\\plugins\\imageformats\\qpdf.dll", str(tmp_path / "qpdf.dll"), "BINARY"),  # Windows layout
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", str(tmp_path / "libqjpeg.so"), "BINARY"),
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),  # would dangle: dropped too
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
    ]
    linked = {str(torch_lib / "libtorch_cuda.so"): {"libcublas.so.13", "libcudnn.so.9", "libc.so.6"}}
    kept, dropped = contents.trim_binaries(binaries, linked=lambda path: linked.get(path, set()))
    kept_names = {Path(src).name for _dest, src, _kind in kept}
    assert kept_names == {"libtorch_cuda.so", "libcublas.so.13", "libcudnn.so.9", "libcudnn_cnn.so.9",
                          "libQt6Core.so.6", "libqjpeg.so"}
    assert {Path(src).name for _dest, src, _kind in dropped} == {"libcudnn_adv.so.9", "libnvblas.so.13",
                                                                  "libQt6Quick.so.6", "qpdf.dll"}
    assert ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK") in kept
    assert ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK") in dropped

    # PyInstaller keeps most such links in the datas list: those must go as well
    datas = [("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
             ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
             ("resources/icons/app-256.png", str(tmp_path / "app-256.png"), "DATA")]
    kept_datas, removed = contents.without_links_to(datas, dropped)
    assert removed == [datas[0]] and kept_datas == datas[1:]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CUDA wheels of nvidia-* exist on Linux only")
def test_every_cuda_library_torch_links_is_installed_for_the_bundle():
    """The trimmed bundle keeps exactly what ldd says torch needs: each of those must resolve to a real file."""
    pytest.importorskip("PyInstaller")
    from PyInstaller.depend import bindepend

    torch_lib = contents.package_dir("torch") / "lib"
    for library in ("libtorch_cuda.so", "libtorch_cpu.so"):
        if not (torch_lib / library).exists():
            pytest.skip("CPU-only torch: no CUDA libraries to bundle")
        unresolved = [name for name, path in bindepend.get_imports(str(torch_lib / library)) if path is None]
        assert not unresolved, f"{library} needs libraries that are not installed: {unresolved}"


def test_executable_path_is_inside_dist():
    path = contents.executable_path()
    assert path.parent.parent == REPO_ROOT / "dist"
    assert path.name.startswith(contents.BUNDLE_NAME)


def test_build_outputs_are_ignored_by_git():
    ignored = (REPO_ROOT / ".gitignore").read_text().split()
    assert "/dist/" in ignored and "/build/work/" in ignored


def test_app_name_and_version_are_set():
    assert APP_NAME.strip() and __version__.count(".") == 2


def test_one_name_everywhere_a_user_sees_it():
    """The window says Picture Sorter; the command, the distribution and the packaged executable picture-sorter
    (the earlier command image-classifier stays as an alias)."""
    import tomllib

    from desktop_app import APP_ID

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert APP_NAME == "Picture Sorter" and APP_ID == "picture-sorter"
    assert project["name"] == APP_ID and contents.BUNDLE_NAME == APP_ID
    assert project["scripts"][APP_ID] == project["scripts"]["image-classifier"] == "desktop_app.cli:main"
    assert project["gui-scripts"][f"{APP_ID}-gui"] == "desktop_app.__main__:main"
    from desktop_app.cli import build_parser

    assert build_parser().prog == APP_ID
    assert "image-classifier " not in (REPO_ROOT / "README.md").read_text()


def _can_switch_network_off() -> bool:
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.slow
def test_self_test_from_source_passes_offline(tmp_path):
    """The same check the packaged app runs with --self-test, here from source in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "QT_QPA_PLATFORM": "offscreen"}
    report = tmp_path / "report.txt"
    offline = ["unshare", "-n"] if _can_switch_network_off() else []  # besides the self-test's own guard
    result = subprocess.run(
        [*offline, sys.executable, "-m", "desktop_app.selftest", "--device", "cpu", "--report", str(report)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = report.read_text()
    assert "ALL GOOD" in text
    for classifier in registry.names():
        for features in registry.FEATURE_KINDS:
            assert f"{classifier} + {features}" in text
    assert "no network connection was attempted" in text


def test_self_test_reports_failure_with_exit_code_1(monkeypatch, capsys):
    from desktop_app import selftest

    def broken_check():
        raise RuntimeError("weights are missing")

    monkeypatch.setattr(selftest, "check_bundled_files", broken_check)
    monkeypatch.setattr(selftest, "check_torch", lambda: selftest.CheckResult("torch", True, "skipped"))
    monkeypatch.setattr(selftest, "FEATURE_KINDS", ())  # no training: this test only checks the exit code
    assert selftest.main(["--device", "cpu"]) == 1
    output = capsys.readouterr().out
    assert "FAILED" in output and "weights are missing" in output


def test_self_test_refuses_network_connections():
    import socket

    from desktop_app import selftest

    original_connect = socket.socket.connect
    with selftest.no_network() as attempts:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            with pytest.raises(selftest.NetworkUsed):
                sock.connect(("192.0.2.1", 80))  # TEST-NET address: never reachable anyway
        finally:
            sock.close()
    assert attempts == ["('192.0.2.1', 80)"]
    assert socket.socket.connect is original_connect  # the guard is lifted afterwards


BLOCK_EXCLUDED_MODULES = """
import importlib.abc, runpy, sys
sys.path.insert(0, {build_dir!r})
import bundle_contents

class LeftOutOfTheBundle(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if any(name == ex or name.startswith(ex + ".") for ex in bundle_contents.excluded_modules()):
            raise ModuleNotFoundError(f"No module named {{name!r}} (left out of the bundle)")
        return None

sys.meta_path.insert(0, LeftOutOfTheBundle())
sys.argv = [{entry!r}]
runpy.run_path({entry!r}, run_name="__main__")
"""


@pytest.mark.slow
def test_window_opens_without_the_modules_the_bundle_leaves_out(tmp_path):
    """Start the app the way the bundle does, with every excluded module made unimportable.

    Catches an exclusion that a library imports after all (pyqtgraph imports QtOpenGL, for example) without
    building the bundle.
    """
    script = BLOCK_EXCLUDED_MODULES.format(build_dir=str(BUILD_DIR), entry=str(contents.ENTRY_SCRIPT))
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "QT_QPA_PLATFORM": "offscreen",
           "PICTURE_SORTER_STARTUP_PROBE": "1"}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"visible windows: ['{APP_NAME} {__version__}" in result.stdout
