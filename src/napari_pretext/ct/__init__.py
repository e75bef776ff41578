"""CT pretexts (CT paper): slice sorting and rotation, uncertainty localisation, boxes, crops.

Building blocks so far: slice samplers, the ranking loss and mean displacement, rotation
labels and the inscribed-circle mask, 3D boxes, and chunked crop writing.
"""
