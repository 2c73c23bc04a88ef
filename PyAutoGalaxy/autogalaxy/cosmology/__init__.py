from .model import FlatLambdaCDM, Planck15, LensingCosmology
