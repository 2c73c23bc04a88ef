class StellarProfile:
    pass
