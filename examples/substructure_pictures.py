"""
The two pictures of ``examples/simulate_substructure.py``: a mosaic of the file's first images, and a panel
of one image (noise-free, noisy, and its substructure signal with the subhaloes marked).
"""

from pathlib import Path

#: Markers of the subhalo populations in the panel picture.
MARKERS = {"subhalos_tnfw": "o", "subhalos_cored": "s", "subhalos_collapsed": "^"}


def write_pictures(out: Path, model, panel: dict) -> tuple:
    """
    ``<stem>_mosaic.png`` (the file's first 16 images) and ``<stem>_panel.png`` (``panel``: one image's
    noise-free and noisy versions and its substructure signal, with the subhalo positions marked).
    """
    import h5py
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    half = model.grid.shape_native[0] * model.grid.pixel_scales[0] / 2
    extent = [-half, half, -half, half]
    with h5py.File(out, "r") as f:
        n = min(16, f["images"].shape[0])
        images = f["images"][:n].astype(float)
        indices = f["image_index"][:n]

    mosaic = out.with_name(out.stem + "_mosaic.png")
    fig, axes = plt.subplots(4, 4, figsize=(10, 10.4), squeeze=False)
    vmax = float(np.percentile(images, 99.8))
    for ax in axes.ravel():
        ax.set_axis_off()
    for ax, image, index in zip(axes.ravel(), images, indices):
        ax.imshow(image, origin="upper", cmap="inferno", vmin=0.0, vmax=vmax, extent=extent)
        ax.set_title(f"image {index}", fontsize=9)
    fig.suptitle(f"workload {model.workload}, {model.dm}: the first {n} images (counts / s, 0 to {vmax:.2f})")
    fig.tight_layout()
    fig.savefig(mosaic, dpi=90)
    plt.close(fig)

    panel_png = out.with_name(out.stem + "_panel.png")
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    noisy, noise_free, signal_ = panel["noisy"], panel["noise_free"], panel["signal"]
    vmax = float(max(noisy.max(), noise_free.max()))
    s = float(np.abs(signal_).max()) or 1.0
    for ax, image, title, kwargs in (
        (axes[0], noise_free, "noise-free", dict(cmap="inferno", vmin=0.0, vmax=vmax)),
        (axes[1], noisy, "noisy", dict(cmap="inferno", vmin=0.0, vmax=vmax)),
        (axes[2], signal_, "substructure signal (with - without subhaloes)",
         dict(cmap="RdBu_r", vmin=-s, vmax=s)),
    ):
        shown = ax.imshow(image, origin="upper", extent=extent, **kwargs)
        ax.set_title(f"image {panel['index']}: {title}", fontsize=10)
        ax.set_xlabel("x (arcsec)")
        fig.colorbar(shown, ax=ax, label="counts / s", fraction=0.046, pad=0.04)
    for kind, centres in panel["subhalos"].items():
        if len(centres):
            axes[2].scatter(
                centres[:, 1], centres[:, 0], s=40, facecolors="none", edgecolors="k",
                marker=MARKERS.get(kind, "o"), label=kind,
            )
    if any(len(c) for c in panel["subhalos"].values()):
        axes[2].legend(loc="lower right", fontsize=7)
    axes[0].set_ylabel("y (arcsec)")
    fig.tight_layout()
    fig.savefig(panel_png, dpi=90)
    plt.close(fig)
    return mosaic, panel_png


def panel_from(compiled, padded, first, dm_parameters) -> dict:
    """
    The first image of the run, noisy and noise-free, and its substructure signal: the noise-free image
    minus the same draw without subhaloes. The first batch runs again with ``sigma_sub = 0`` (the same
    keys, so the same theta, line of sight and noise; no subhaloes): the compiled function is reused.
    """
    import numpy as np

    without = compiled(
        *padded(first["batch"], {**dm_parameters, "sigma_sub": 0.0 * dm_parameters["sigma_sub"]})
    )
    out = first["outputs"]
    with_ = np.asarray(out["noise_free"][0], dtype=float)
    names = sorted({k.split("/")[1] for k in out if k.startswith("subhalos/")})
    return dict(
        index=int(first["batch"][0]),
        noisy=np.asarray(out["images"][0], dtype=float),
        noise_free=with_,
        signal=with_ - np.asarray(without["noise_free"][0], dtype=float),
        subhalos={
            name: np.asarray(out[f"subhalos/{name}/centre"][0])[: int(out[f"subhalos/{name}/n_live"][0])]
            for name in names
        },
    )
