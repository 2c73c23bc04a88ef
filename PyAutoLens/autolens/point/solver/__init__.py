from .point_solver import PointSolver
