"""
The README's main job (examples/simulate_substructure.py): a batched, jitted training-set run on workload S
writes its HDF5 file and pictures, appends to it, and refuses bad input before any work.
"""

import importlib.util
from pathlib import Path

import h5py
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "simulate_substructure.py"


def _demo():
    spec = importlib.util.spec_from_file_location("demo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo():
    """One module for the whole file, so its second main() reuses the compiled simulator."""
    return _demo()


@pytest.fixture(scope="module")
def written(demo, tmp_path_factory):
    """3 images in batches of 2 (the last one partial), then 2 more appended to the same file."""
    out = tmp_path_factory.mktemp("demo") / "s.h5"
    common = ["--workload", "S", "--batch-size", "2", "--seed", "5", "--output", str(out)]
    common += ["--save-noise-free", "--no-progress"]

    assert demo.main(["--n-images", "3", *common]) == 0
    with h5py.File(out) as f:
        first = {
            name: f[name][...] for name in ("images", "noise_free", "keys", "image_index")
        }
        first["theta"] = {name: f["theta"][name][...] for name in f["theta"]}
    assert demo.main(["--n-images", "2", *common]) == 0
    return out, first


def test__main__writes_images_theta_keys_and_provenance(written, demo):
    out, first = written

    assert first["images"].shape == first["noise_free"].shape == (3, 50, 50)
    assert list(first["image_index"]) == [0, 1, 2]
    assert len({tuple(k) for k in first["keys"]}) == 3
    assert first["theta"]["tnfw_log10_mass"].shape == (3, 3)
    assert first["theta"]["cnfw_centre"].shape == (3, 1, 2)
    with h5py.File(out) as f:
        assert f["noise_maps"].shape == (5, 50, 50)
        assert f["los_live_counts"].shape == (5, 5)
        assert f["los_live_counts"][...].min() >= 0
        assert f["keys"].dtype == np.uint32 and f["keys"].shape == (5, 2)
        assert np.all(np.isfinite(f["images"][...])) and np.all(f["noise_maps"][...] > 0)
        assert f.attrs["workload"] == "S"
        assert f.attrs["precision"] == "float64"
        assert f.attrs["seed"] == 5
        assert f.attrs["batch_size"] == 2
        assert f.attrs["fork_version"].startswith("2026.10.26.1+")
        for name in ("jax_version", "device", "date", "priors"):
            assert f.attrs[name]
        assert "einstein_radius" in f.attrs["priors"]
        assert f["theta/einstein_radius"].attrs["prior"] == "U(1.0, 1.4)"
        assert f["images"].maxshape[0] is None
        # theta drawn from its priors
        radius = f["theta/einstein_radius"][...]
        assert np.all((radius >= 1.0) & (radius <= 1.4))
        centres = f["theta/tnfw_centre"][...]
        assert np.all(np.hypot(centres[..., 0], centres[..., 1]) <= demo.SUBHALO_DISC_RADIUS)
        # noise was drawn, and it differs image to image
        assert np.any(f["images"][...] != f["noise_free"][...])


def test__main__second_run_appends(written):
    out, first = written

    with h5py.File(out) as f:
        assert f["images"].shape == (5, 50, 50)
        assert list(f["image_index"][...]) == [0, 1, 2, 3, 4]
        keys = f["keys"][...]
        assert len({tuple(k) for k in keys}) == 5
        assert np.array_equal(f["images"][:3], first["images"])  # the first run's images kept
        for name, values in first["theta"].items():
            assert np.array_equal(f["theta"][name][:3], values)
        assert len(np.unique(f["los_seeds"][...])) == 5
        assert f.attrs["appended"] == 1


def test__complete_images__cuts_back_a_batch_interrupted_while_appending(written, demo, tmp_path):
    out, _ = written
    copy = tmp_path / "interrupted.h5"
    copy.write_bytes(out.read_bytes())

    with h5py.File(copy, "a") as f:
        f["images"].resize(7, axis=0)  # as if killed after writing images, before theta
        f["theta/slope"].resize(4, axis=0)
        assert demo._complete_images(f) == 4
        assert {f[name].shape[0] for name in demo._per_image_datasets(f)} == {4}


def test__main__writes_the_pictures(written):
    out, _ = written

    for suffix in ("_mosaic.png", "_panel.png"):
        png = out.with_name(out.stem + suffix)
        assert png.stat().st_size > 10_000, png


def test__main__a_different_configuration_is_refused(written, demo, capsys):
    out, _ = written
    common = ["--workload", "S", "--save-noise-free", "--output", str(out)]

    with pytest.raises(SystemExit):
        demo.main(["--seed", "6", *common])
    err = capsys.readouterr().err
    assert "different configuration" in err and "seed=5 in the file, 6 requested" in err

    with pytest.raises(SystemExit):
        demo.main(["--seed", "5", "--workload", "S", "--output", str(out)])
    assert "save_noise_free" in capsys.readouterr().err
    with h5py.File(out) as f:
        assert f["images"].shape[0] == 5  # untouched


@pytest.mark.parametrize(
    "args, message",
    [
        (["--n-images", "0"], "must be positive"),
        (["--n-images", "-3"], "must be positive"),
        (["--batch-size", "0"], "must be positive"),
        (["--workload", "X"], "unknown --workload"),
        (["--precision", "float16"], "unknown --precision"),
        (["--seed", "-1"], "non-negative"),
    ],
)
def test__parse_args__bad_input_is_refused(args, message, demo, capsys):
    with pytest.raises(SystemExit):
        demo.parse_args(args)

    assert message in capsys.readouterr().err


def test__parse_args__unwritable_or_foreign_output_is_refused(demo, tmp_path, capsys):
    a_file = tmp_path / "plain.txt"
    a_file.write_text("not a folder")
    with pytest.raises(SystemExit):
        demo.parse_args(["--output", str(a_file / "out.h5")])
    assert "cannot be created" in capsys.readouterr().err

    with pytest.raises(SystemExit):
        demo.parse_args(["--output", str(tmp_path)])
    assert "is a directory" in capsys.readouterr().err

    with pytest.raises(SystemExit):
        demo.parse_args(["--output", str(a_file)])
    assert "not a readable HDF5 file" in capsys.readouterr().err


def test__parse_args__defaults_are_the_readme_demo(demo):
    args = demo.parse_args([])

    assert (args.workload, args.n_images, args.batch_size, args.precision) == ("R", 64, 8, "float64")
    assert args.output == ROOT / "output" / "substructure_R.h5"
    assert not args.save_noise_free


@pytest.mark.slow
def test__main__float32_reruns_itself_without_x64(demo, tmp_path):
    out = tmp_path / "s32.h5"

    # This process imported JAX in float64 (conftest), so main() re-runs the script in a subprocess.
    args = ["--workload", "S", "--n-images", "2", "--batch-size", "2", "--precision", "float32"]
    assert demo.main([*args, "--no-progress", "--output", str(out)]) == 0

    with h5py.File(out) as f:
        assert f["images"].dtype == np.float32 and f["images"].shape == (2, 50, 50)
        assert f["theta/slope"].dtype == np.float32
        assert f.attrs["precision"] == "float32"
        assert np.all(np.isfinite(f["images"][...]))
