from autogalaxy.interop import coolest
