"""Service requests: citizens report problems and follow them; Open311 GeoReport v2."""
