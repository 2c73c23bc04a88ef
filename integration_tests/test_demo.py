"""The README's main job (examples/simulate_substructure.py) writes its HDF5 file and picture."""

import importlib.util
from pathlib import Path

import h5py
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _demo():
    spec = importlib.util.spec_from_file_location("demo", ROOT / "examples" / "simulate_substructure.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test__main__workload_s_writes_images_and_png(tmp_path):
    out = tmp_path / "s.h5"

    assert _demo().main(["--workload", "S", "--n-images", "1", "--seed", "5", "--output", str(out)]) == 0

    with h5py.File(out) as f:
        assert f["images"].shape == (1, 50, 50)
        assert f["noise_maps"].shape == (1, 50, 50)
        assert np.all(np.isfinite(f["images"][...]))
        assert list(f["los_seeds"][...]) == [5]
        assert f.attrs["workload"] == "S"
        assert f.attrs["fork_version"].startswith("2026.10.26.1+")
    assert out.with_suffix(".png").stat().st_size > 0


@pytest.mark.parametrize("args, message", [(["--n-images", "0"], "must be positive"), (["--workload", "X"], "unknown")])
def test__parse_args__bad_input_is_refused(args, message, capsys):
    with pytest.raises(SystemExit):
        _demo().parse_args(args)

    assert message in capsys.readouterr().err
