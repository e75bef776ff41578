"""``python -m napari_pretext.cli ...``: the same as the ``napari-pretext`` command."""

import sys

from . import main

sys.exit(main())
