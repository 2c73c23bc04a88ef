"""
The README's main job (examples/simulate_substructure.py around examples/substructure_model.py) on
workload S: every image one pure function of its key inside one jitted, vmapped call; HDF5 with units and
provenance, appended to; pictures; bad input and unwritable outputs refused before any work; Ctrl-C stops
after the batch in flight; both precisions.
"""

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "simulate_substructure.py"


def _module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo():
    """One module for the whole file, so its second main() reuses the compiled simulator."""
    return _module(SCRIPT, "demo")


@pytest.fixture(scope="module")
def written(demo, tmp_path_factory):
    """3 images in batches of 2 (the last one partial), then 2 more appended to the same file."""
    out = tmp_path_factory.mktemp("demo") / "s.h5"
    common = ["--workload", "S", "--batch-size", "2", "--seed", "5", "--output", str(out)]
    common += ["--save-noise-free", "--no-progress"]

    assert demo.main(["--n-images", "3", *common]) == 0
    with h5py.File(out) as f:
        first = {name: f[name][...] for name in ("images", "noise_free", "keys", "image_index")}
        first["theta"] = {name: f["theta"][name][...] for name in f["theta"]}
    assert demo.main(["--n-images", "2", "--no-pictures", *common]) == 0
    return out, first


def _env_for_subprocess():
    """The environment of a child that imports the same library sources as this process."""
    paths = [str(Path(importlib.util.find_spec(n).origin).resolve().parents[1]) for n in
             ("autoarray", "autogalaxy", "autolens")]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH")] if p])
    return env


def test__main__writes_images_theta_subhalos_los_and_provenance(written, demo):
    out, first = written

    assert first["images"].shape == first["noise_free"].shape == (3, 50, 50)
    assert list(first["image_index"]) == [0, 1, 2]
    assert first["theta"]["lens_ell_comps"].shape == (3, 2)
    with h5py.File(out) as f:
        n_planes = len(json.loads(f.attrs["model"])["los"]["redshifts"])
        assert f["noise_maps"].shape == (5, 50, 50)
        assert f["los/n_live"].shape == f["los/dropped"].shape == (5, n_planes)
        assert f["los/n_live"][...].sum() > 0 and f["los/dropped"][...].min() >= 0
        populations = list(f["subhalos"])
        assert populations  # CDM: the truncated-NFW subhaloes
        for name in populations:
            group = f["subhalos"][name]
            capacity = group["mass_at_200"].shape[1]
            assert group["centre"].shape == (5, capacity, 2)
            for field in ("concentration", "f_c"):
                assert group[field].shape == (5, capacity)
            assert group["n_live"].shape == group["dropped"].shape == (5,)
            assert np.all(group["n_live"][...] <= capacity)
            live = np.arange(capacity) < group["n_live"][...][:, None]
            masses = group["mass_at_200"][...][live]
            assert np.all((masses >= 1e7) & (masses <= 1e10))
            radii = np.hypot(*np.moveaxis(group["centre"][...][live], -1, 0))
            assert np.all(radii <= 2.0)
        assert set(f["dm"]) == {"sigma_sub", "alpha"} and np.all(f["dm/sigma_sub"][...] == 4e6)
        assert f["keys"].dtype == np.uint32 and f["keys"].shape == (5, 2)
        assert np.all(np.isfinite(f["images"][...])) and np.all(f["noise_maps"][...] > 0)
        # every dataset says its units
        datasets = []
        f.visititems(lambda name, obj: datasets.append(name) if isinstance(obj, h5py.Dataset) else None)
        assert all(f[name].attrs["units"] for name in datasets), datasets
        assert f["images"].attrs["units"] == "counts / s"
        assert f["subhalos"][populations[0]]["mass_at_200"].attrs["units"] == "M_sun"
        assert f["theta/einstein_radius"].attrs["prior"] == "U(1.0, 1.4)"
        radius = f["theta/einstein_radius"][...]
        assert np.all((radius >= 1.0) & (radius <= 1.4))
        # provenance
        assert (f.attrs["workload"], f.attrs["precision"], f.attrs["seed"]) == ("S", "float64", 5)
        assert f.attrs["dm_model"] == "cdm"
        model = json.loads(f.attrs["model"])
        assert model["exposure_time_s"] == 1000.0 and model["background_sky_level_counts_per_s"] == 0.1
        assert model["psf"]["sigma_arcsec"] == 0.1 and (model["z_lens"], model["z_source"]) == (0.5, 1.0)
        assert model["units"]["images"] == "counts / s"
        run = json.loads(f.attrs["runs"])[0]
        assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?|unknown", run["git_commit"])
        assert run["versions"]["autolens"].startswith("2026.10.26.1") and run["versions"]["jax"]
        assert run["device"] and run["date"]
        assert np.any(f["images"][...] != f["noise_free"][...])  # noise was drawn


def test__main__second_run_appends_with_its_own_run_record(written):
    out, first = written

    with h5py.File(out) as f:
        assert f["images"].shape == (5, 50, 50)
        assert list(f["image_index"][...]) == [0, 1, 2, 3, 4]
        assert list(f["run_index"][...]) == [0, 0, 0, 1, 1]
        assert len({tuple(k) for k in f["keys"][...]}) == 5
        assert np.array_equal(f["images"][:3], first["images"])  # the first run's images kept
        for name, values in first["theta"].items():
            assert np.array_equal(f["theta"][name][:3], values)
        runs = json.loads(f.attrs["runs"])
    assert [(r["first_index"], r["n_images"], r["batch_size"]) for r in runs] == [(0, 3, 2), (3, 2, 2)]
    assert not any(r["interrupted"] for r in runs)


def test__main__keys_are_fold_in_of_the_seed(written):
    import jax

    out, _ = written
    with h5py.File(out) as f:
        keys = f["keys"][...]
    expected = [np.asarray(jax.random.key_data(jax.random.fold_in(jax.random.key(5), i))) for i in range(5)]
    np.testing.assert_array_equal(keys, np.stack(expected))


def test__simulate__each_image_is_ray_traced_once(monkeypatch):
    """Trace the model: every halo population's deflections are built into the program once."""
    import jax
    import autogalaxy as ag

    sm = _module(ROOT / "examples" / "substructure_model.py", "substructure_model_for_test")
    model = sm.model_from("S", "cdm", sm.DM_DEFAULTS["cdm"])
    calls = []
    original = ag.mp.HaloPopulation.deflections_yx_2d_from

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ag.mp.HaloPopulation, "deflections_yx_2d_from", counting)
    shapes = jax.eval_shape(lambda key: sm.simulate(model, key, sm.DM_DEFAULTS["cdm"]), jax.random.key(0))
    calls.clear()
    jax.make_jaxpr(lambda key: sm.simulate(model, key, sm.DM_DEFAULTS["cdm"]))(jax.random.key(0))

    # One LOS population per plane and one per subhalo kind, each evaluated once for the noisy image,
    # its noise-map and the noise-free image together.
    assert shapes["images"].shape == shapes["noise_free"].shape == (50, 50)
    assert len(calls) == len(model.los_capacity) + len(model.subhalo_capacity)


def test__dropped_problem__names_the_images_that_dropped_haloes(demo):
    record = {
        "image_index": np.array([7, 8, 9]),
        "subhalos/subhalos_tnfw/dropped": np.array([0, 2, 0]),
        "los/dropped": np.array([[0, 0], [1, 0], [0, 0]]),
        "los/n_live": np.array([[3, 4], [5, 6], [1, 2]]),
    }

    assert demo.dropped_of(record).tolist() == [0, 3, 0]
    assert demo.dropped_problem(record).startswith("3 haloes dropped in images [8]: ")
    record["subhalos/subhalos_tnfw/dropped"][1] = record["los/dropped"][1, 0] = 0
    assert demo.dropped_problem(record) is None


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
        demo.main(["--seed", "5", "--dm", "wdm", *common])
    assert "dm_model='cdm' in the file, 'wdm' requested" in capsys.readouterr().err
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
        (["--dm", "fuzzy"], "unknown --dm"),
        (["--dm", "cdm", "--half-mode-mass", "1e8"], "--dm cdm takes --sigma-sub, --alpha; not --half-mode"),
        (["--dm", "wdm", "--half-mode-mass", "0"], "--half-mode-mass must be > 0"),
        (["--dm", "sidm", "--collapsed-fraction", "1.5"], "--collapsed-fraction must be in [0, 1]"),
        (["--sigma-sub", "-1"], "--sigma-sub must be >= 0"),
    ],
)
def test__parse_args__bad_input_is_refused(args, message, demo, capsys):
    with pytest.raises(SystemExit):
        demo.parse_args(args, create_output=False)

    assert message in capsys.readouterr().err


def test__parse_args__unwritable_or_foreign_output_is_refused_at_once(demo, tmp_path, capsys):
    t0 = time.perf_counter()
    with pytest.raises(SystemExit):
        demo.parse_args(["--output", "/proc/substructure.h5"])
    assert "--output /proc/substructure.h5 cannot be written" in capsys.readouterr().err
    assert time.perf_counter() - t0 < 5.0

    a_file = tmp_path / "plain.txt"
    a_file.write_text("not a folder")
    with pytest.raises(SystemExit):
        demo.parse_args(["--output", str(a_file / "out.h5")])
    assert "cannot be written" in capsys.readouterr().err

    with pytest.raises(SystemExit):
        demo.parse_args(["--output", str(tmp_path)])
    assert "is a directory" in capsys.readouterr().err

    with pytest.raises(SystemExit):
        demo.parse_args(["--output", str(a_file)])
    assert "not a readable HDF5 file" in capsys.readouterr().err


def test__parse_args__creates_the_output_before_any_work(demo, tmp_path):
    out = tmp_path / "new" / "s.h5"

    args = demo.parse_args(["--output", str(out), "--workload", "S"])

    assert out.is_file() and args.output == out
    with h5py.File(out) as f:
        assert len(f) == 0  # an empty file: the run fills it, a later run may still use it


def test__parse_args__defaults_are_the_readme_demo(demo):
    args = demo.parse_args([], create_output=False)

    assert (args.workload, args.n_images, args.batch_size, args.precision) == ("R", 64, 8, "float64")
    assert (args.dm, args.dm_parameters) == ("cdm", {"sigma_sub": 4e6, "alpha": 1.9})
    assert args.output == ROOT / "output" / "substructure_R.h5"
    assert not args.save_noise_free


def test__main__float32_stops_on_the_first_ctrl_c_saying_what_the_file_holds(tmp_path):
    """
    The main job in float32 (a fresh process: x64 off), interrupted by one SIGINT once it simulates: it
    finishes the batch in flight, writes it, prints one line with what the file holds and exits 130.
    """
    out = tmp_path / "s32.h5"
    command = [sys.executable, str(SCRIPT), "--workload", "S", "--n-images", "100000", "--batch-size", "2",
               "--precision", "float32", "--no-progress", "--output", str(out)]
    with open(tmp_path / "stderr.txt", "w") as stderr_file:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr_file, text=True,
                                   env=_env_for_subprocess(), cwd=tmp_path)
        try:
            # Wait for the line printed once compiled, before the first batch (log lines may come first).
            for line in process.stdout:
                if "simulating 100000 images" in line:
                    break
            else:
                pytest.fail(f"ended before simulating: {(tmp_path / 'stderr.txt').read_text()[-3000:]}")
            time.sleep(1.0)
            process.send_signal(signal.SIGINT)
            stdout, _ = process.communicate(timeout=300)
        finally:
            if process.poll() is None:
                process.kill()
    stderr = (tmp_path / "stderr.txt").read_text()

    assert process.returncode == 130, stderr[-3000:]
    lines = [l for l in stdout.splitlines() if l.startswith("interrupted")]
    assert len(lines) == 1 and stdout.rstrip().endswith(lines[0]), stdout
    assert lines[0].startswith(f"interrupted: {out} holds "), lines
    held = int(re.search(r"holds (\d+) complete images", lines[0]).group(1))
    assert 2 <= held < 100000
    with h5py.File(out) as f:
        assert f.attrs["precision"] == "float32"
        assert f["images"].dtype == np.float32 and f["images"].shape == (held, 50, 50)
        assert f["theta/slope"].dtype == np.float32 and f["theta/slope"].shape == (held,)
        assert np.all(np.isfinite(f["images"][...]))
        runs = json.loads(f.attrs["runs"])
        assert runs[0]["interrupted"] and runs[0]["n_images"] == held
