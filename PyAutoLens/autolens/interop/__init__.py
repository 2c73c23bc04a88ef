from autolens.interop import coolest
