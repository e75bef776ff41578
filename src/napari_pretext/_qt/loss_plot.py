"""A live loss curve drawn with QPainter.

Drawn by hand rather than with matplotlib because it repaints on every training step from the
main thread: a QPainter polyline costs well under a millisecond, a matplotlib redraw tens.
"""

from __future__ import annotations

import math

from qtpy.QtCore import QPointF
from qtpy.QtGui import QColor, QPainter, QPen, QPolygonF
from qtpy.QtWidgets import QSizePolicy, QWidget

COLORS = {"train loss": "#4fc3f7", "val loss": "#ffb74d"}


class LossPlot(QWidget):
    """Series of (step, value) points; ``add`` appends, ``clear`` empties."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.series: dict[str, list[tuple[float, float]]] = {}
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip("training loss per step (blue) and validation loss per epoch (orange)")

    def add(self, name: str, x: float, y: float) -> None:
        if math.isfinite(y):
            self.series.setdefault(name, []).append((float(x), float(y)))
            self.update()  # schedules one repaint; many adds between frames cost one paint

    def clear(self) -> None:
        self.series.clear()
        self.update()

    def paintEvent(self, event):  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h, pad = self.width(), self.height(), 6
        painter.setPen(QPen(QColor("#888888")))
        painter.drawRect(0, 0, w - 1, h - 1)
        points = [p for s in self.series.values() for p in s]
        if not points:
            painter.drawText(pad, h // 2, "loss appears here while training")
            return
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
        y0, y1 = min(ys), max(ys) if max(ys) > min(ys) else min(ys) + 1e-6
        for name, pts in self.series.items():
            poly = QPolygonF([
                QPointF(pad + (x - x0) / (x1 - x0) * (w - 2 * pad), h - pad - (y - y0) / (y1 - y0) * (h - 2 * pad))
                for x, y in pts
            ])
            painter.setPen(QPen(QColor(COLORS.get(name, "#e0e0e0")), 1.5))
            painter.drawPolyline(poly)
        painter.setPen(QPen(QColor("#bbbbbb")))
        painter.drawText(pad, 14, f"{y1:.4g}")
        painter.drawText(pad, h - pad - 2, f"{y0:.4g}")
        last = {n: s[-1][1] for n, s in self.series.items() if s}
        painter.drawText(w // 3, 14, "  ".join(f"{n}: {v:.4f}" for n, v in last.items()))
        painter.end()
