"""Which compute device to use (NVIDIA GPU via CUDA, Apple GPU via MPS, or the CPU), in plain words.

Also the one rule for falling back to the CPU when a GPU fails part-way (out of memory, an operation the
Apple GPU does not implement): ``is_device_failure`` recognises such errors, ``run_step`` re-runs the failed
step on the CPU, says so once (``fallback_message``) and keeps the rest of the job (``JobDevice``) on the CPU.
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Generator, TypeVar

import torch

from desktop_app.core.errors import UserError
from desktop_app.core.events import Event, Message
from desktop_app.core.output import translation
from desktop_app.core.output.translation import translate

T = TypeVar("T")

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")
CPU = torch.device("cpu")


@dataclass(frozen=True)
class DeviceInfo:
    """One device the app can compute on. kind: "cuda" | "mps" | "cpu"; name: "cuda:0", "mps" or "cpu"."""

    kind: str
    name: str
    model: str  # what the hardware is called, e.g. "NVIDIA GeForce RTX 3060"
    memory_bytes: int | None
    description: str

    def to_dict(self) -> dict:
        return asdict(self)


def _format_gigabytes(n_bytes: int) -> str:
    gigabytes = n_bytes / 1024**3
    return f"{gigabytes:.0f} GB" if gigabytes >= 10 else f"{gigabytes:.1f} GB"


def cpu_threads() -> int:
    return max(1, torch.get_num_threads())


def cuda_available() -> bool:
    try:
        return bool(torch.cuda.is_available()) and torch.cuda.device_count() > 0
    except Exception:  # a broken driver must not stop the app from starting
        return False


def mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    try:
        return bool(backend is not None and backend.is_available())
    except Exception:
        return False


def _cuda_info(index: int) -> DeviceInfo:
    properties = torch.cuda.get_device_properties(index)
    memory = int(properties.total_memory)
    return DeviceInfo("cuda", f"cuda:{index}", properties.name, memory,
                      f"GPU: {properties.name}, {_format_gigabytes(memory)}")


def _cpu_text() -> str:
    return translate("CPU, {threads} threads").format(threads=cpu_threads())


def available_devices() -> list[DeviceInfo]:
    """GPUs first (in the order "auto" would prefer them), the CPU always last."""
    found: list[DeviceInfo] = []
    if cuda_available():
        for index in range(torch.cuda.device_count()):
            try:
                found.append(_cuda_info(index))
            except Exception:  # one unreadable GPU should not hide the others
                continue
    if mps_available():
        found.append(DeviceInfo("mps", "mps", "Apple GPU", None, translate("GPU: Apple (Metal)")))
    found.append(DeviceInfo("cpu", "cpu", "CPU", None, _cpu_text()))
    return found


# Where Linux distributions and NVIDIA's installer put the driver's CUDA library.
_LINUX_LIBRARY_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                       "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib")


def _nvidia_driver_present() -> bool:
    """Looks for the driver by file name only. Never ``ctypes.util.find_library``: it runs ldconfig or a
    compiler as a child process, which once hung the window at start-up."""
    if sys.platform == "darwin":
        return False
    if shutil.which("nvidia-smi") is not None:
        return True
    if sys.platform == "win32":
        system32 = Path(os.environ.get("SystemRoot", r"C:\Windows")) / "System32"
        return (system32 / "nvcuda.dll").exists()
    return os.path.exists("/proc/driver/nvidia/version") or \
        any(os.path.exists(os.path.join(folder, "libcuda.so.1")) for folder in _LINUX_LIBRARY_DIRS)


def no_gpu_reason() -> str | None:
    """Why no GPU will be used, in plain words; None when a GPU is available."""
    if cuda_available() or mps_available():
        return None
    if sys.platform == "darwin":
        backend = getattr(torch.backends, "mps", None)
        if backend is None or not backend.is_built():
            return translate("this copy of PyTorch was built without Apple GPU (MPS) support")
        return translate("this Mac has no Apple GPU that PyTorch can use (MPS needs macOS 12.3 or newer)")
    if torch.version.cuda is None:
        return translate("this copy of PyTorch was built without CUDA (it can only use the CPU)")
    if not _nvidia_driver_present():
        return translate("no NVIDIA driver found")
    return translate("PyTorch found no GPU (the NVIDIA driver may be too old for CUDA {version})").format(
        version=torch.version.cuda)


def resolve_device(preference: str | torch.device = "auto") -> torch.device:
    """Turn "auto" | "cpu" | "cuda" | "cuda:N" | "mps" into a device that exists, or raise UserError."""
    if isinstance(preference, torch.device):
        preference = str(preference)
    choice = (preference or "auto").strip().lower()
    if choice == "auto":
        if cuda_available():
            return torch.device("cuda", 0)
        if mps_available():
            return torch.device("mps")
        return CPU
    if choice == "cpu":
        return CPU
    if choice == "cuda" or choice.startswith("cuda:"):
        if not cuda_available():
            raise UserError(translate("No NVIDIA GPU can be used: {reason}. Choose \"auto\" or \"cpu\" as the device "
                                      "instead.").format(reason=no_gpu_reason()))
        index = 0
        if ":" in choice:
            try:
                index = int(choice.split(":", 1)[1])
            except ValueError:
                raise UserError(translate("\"{name}\" is not a device name. Use cuda, cuda:0, cuda:1 and so on.")
                                .format(name=preference))
        count = torch.cuda.device_count()
        if not 0 <= index < count:
            raise UserError(translate("There is no GPU number {index}; this computer has {count} (numbered 0 to "
                                      "{last}).").format(index=index, count=count, last=count - 1))
        return torch.device("cuda", index)
    if choice == "mps":
        if not mps_available():
            raise UserError(translate("The Apple GPU (MPS) cannot be used: {reason}. Choose \"auto\" or \"cpu\" as the "
                                      "device instead.").format(reason=no_gpu_reason() or translate("not available")))
        return torch.device("mps")
    raise UserError(translate("Unknown device \"{name}\". Choose one of: {names}.").format(
        name=preference, names=", ".join(DEVICE_CHOICES)))


def describe_device(device: torch.device | str) -> str:
    """One line for the status bar, e.g. "GPU: NVIDIA GeForce RTX 3060, 12 GB" or "CPU, 8 threads"."""
    device = torch.device(device)
    if device.type == "cuda":
        try:
            return _cuda_info(device.index or 0).description
        except Exception:
            return "GPU (CUDA)"
    if device.type == "mps":
        return translate("GPU: Apple (Metal)")
    text = _cpu_text()
    return text if (cuda_available() or mps_available()) else translate("{cpu} - no GPU found").format(cpu=text)


@dataclass(frozen=True)
class DeviceReport:
    """What the window shows about the devices: found once per process, off the GUI thread."""

    devices: tuple[DeviceInfo, ...]
    auto: str  # the device "auto" means: "cuda:0", "mps" or "cpu"
    status: str  # one line, e.g. "GPU: NVIDIA GeForce RTX 3060, 12 GB" or "CPU, 8 threads - no GPU found"
    no_gpu_reason: str | None

    @property
    def gpu_found(self) -> bool:
        return any(info.kind != "cpu" for info in self.devices)

    @property
    def explanation(self) -> str:
        """A plain paragraph: which devices were found and which one training uses, or why there is no GPU."""
        gpus = [info.description for info in self.devices if info.kind != "cpu"]
        if gpus:
            return translate("Found: {gpus}. Training uses {device}.").format(gpus="; ".join(gpus), device=self.status)
        cpu = next((info.description for info in self.devices if info.kind == "cpu"), "CPU")
        return translate("No GPU found - training on the CPU ({cpu}). Why: {reason}.").format(
            cpu=cpu, reason=self.no_gpu_reason)


_report: DeviceReport | None = None
_report_words = -1  # translation.generation() the report was worded in
_report_lock = threading.Lock()


def device_report() -> DeviceReport:
    """The devices, found once per process (worded again if the language changed since). Starting CUDA can take
    seconds: call this off the GUI thread."""
    global _report, _report_words
    with _report_lock:
        if _report is None or _report_words != translation.generation():
            _report_words = translation.generation()
            try:
                auto = resolve_device("auto")
                _report = DeviceReport(tuple(available_devices()), str(auto), describe_device(auto),
                                       no_gpu_reason())
            except Exception as exc:  # noqa: BLE001 - a broken driver must never stop the app
                cpu = DeviceInfo("cpu", "cpu", "CPU", None, _cpu_text())
                reason = translate("the GPUs could not be checked ({error})").format(error=exc)
                _report = DeviceReport((cpu,), "cpu", "CPU", reason)
        return _report


def known_device_report() -> DeviceReport | None:
    """The report if ``device_report`` has already run in this language; never waits (for the GUI thread)."""
    return _report if _report_words == translation.generation() else None


def to_json() -> dict:
    """What the CLI ``devices`` command prints (looked up afresh), with the window's words ("explanation")."""
    auto = resolve_device("auto")
    report = DeviceReport(tuple(available_devices()), str(auto), describe_device(auto), no_gpu_reason())
    return {
        "devices": [info.to_dict() for info in report.devices],
        "auto": report.auto,
        "default": report.status,
        "explanation": report.explanation,
        "no_gpu_reason": report.no_gpu_reason,
        "torch_version": torch.__version__,
        "torch_cuda_version": torch.version.cuda,
    }


# --- falling back to the CPU ------------------------------------------------------------------------

_FAILURE_SNIPPETS = (
    "out of memory",
    "cuda error",
    "cublas_status",
    "cudnn_status",
    "cudnn error",
    "mps backend",
    "for 'mps'",
    "on the mps",
    "mps device",
    "mpsndarray",
    "not currently implemented for the mps",
)


def is_device_failure(exc: BaseException, device: torch.device | str | None = None) -> bool:
    """True when ``exc`` means the GPU failed (and the same work may well succeed on the CPU).

    Errors raised while computing on the CPU never count: retrying on the CPU would not help.
    """
    if device is not None and torch.device(device).type == "cpu":
        return False
    out_of_memory = getattr(torch.cuda, "OutOfMemoryError", None)
    if out_of_memory is not None and isinstance(exc, out_of_memory):
        return True
    if isinstance(exc, (RuntimeError, NotImplementedError)):
        text = str(exc).lower()
        if "defaultcpuallocator" in text:  # the CPU itself is out of memory
            return False
        return any(snippet in text for snippet in _FAILURE_SNIPPETS)
    return False


def fallback_message(exc: BaseException, device: torch.device | str) -> str:
    device = torch.device(device)
    if "out of memory" in str(exc).lower() or type(exc).__name__ == "OutOfMemoryError":
        template = translate("The GPU ({device}) ran out of memory, so the rest of this job runs on the CPU (slower).")
    elif device.type == "mps":
        template = translate("The GPU ({device}) cannot do one of the steps, so the rest of this job runs on the CPU "
                             "(slower).")
    else:
        template = translate("The GPU ({device}) reported an error, so the rest of this job runs on the CPU (slower).")
    return template.format(device=describe_device(device))


def release_memory(device: torch.device | str) -> None:
    device = torch.device(device)
    try:
        if device.type == "cuda":
            torch.cuda.empty_cache()
        elif device.type == "mps" and hasattr(torch, "mps"):
            torch.mps.empty_cache()
    except Exception:
        pass


@dataclass
class JobDevice:
    """The device one job computes on: the one chosen, until a GPU failure moves the rest of the job to the CPU."""

    device: torch.device

    def __post_init__(self) -> None:
        self.device = torch.device(self.device)


def job_device(device: JobDevice | torch.device | str) -> JobDevice:
    """``device`` itself when it is already a job's device (its steps share one fallback), else a new job's."""
    return device if isinstance(device, JobDevice) else JobDevice(device)


def run_step(step: Callable[[torch.device], Generator[Event, None, T]],
             job: JobDevice) -> Generator[Event, None, T]:
    """``yield from step(job.device)``; if the GPU fails, release its memory, yield one warning and run the step
    again on the CPU. ``job`` then stays on the CPU, so later steps of the job never try the GPU again (one
    warning per job). Other errors, and ``Cancelled``, pass through."""
    device = job.device
    try:
        return (yield from step(device))
    except Exception as exc:  # noqa: BLE001 - only GPU failures are caught; the rest is re-raised
        if not is_device_failure(exc, device):
            raise
        release_memory(device)
        job.device = CPU
        yield Message(fallback_message(exc, device), "warning")
    return (yield from step(CPU))
