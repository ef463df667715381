"""Charts for the comparison page: Plotly figures from frames, and their downloads."""

from .figures import (
    attribute_label,
    comparison_bars,
    comparison_heatmap,
    cooccurrence_heatmap,
    grouped_bars,
    heatmap,
)
from .output import IMAGE_FORMATS, MEDIA_TYPES, figure_html, figure_image, image_export_problem
from .palette import MISSING_COLOUR, column_colours, group_colours

__all__ = [
    "IMAGE_FORMATS", "MEDIA_TYPES", "MISSING_COLOUR", "attribute_label", "column_colours", "comparison_bars",
    "comparison_heatmap", "cooccurrence_heatmap", "figure_html", "figure_image", "group_colours",
    "grouped_bars", "heatmap", "image_export_problem",
]
