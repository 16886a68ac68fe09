"""For pages outside the catalogue, without their apps importing this one:
``{% indicator_counts as counts %}``, the catalogue's own count."""

from django import template

from localperf.indicators.selectors import IndicatorCounts
from localperf.indicators.selectors import indicator_counts as counted

register = template.Library()


@register.simple_tag
def indicator_counts() -> IndicatorCounts:
    """How many national and local indicators the catalogue lists, unfiltered."""
    return counted()
