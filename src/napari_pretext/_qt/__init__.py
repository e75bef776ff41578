"""Everything that imports napari or Qt lives here; the rest of the package is the core."""
