from django import template

from editorial.templatetags.editorial_tags import lang_attr
from events.models import image_height

register = template.Library()

# How wide the image is drawn on a meeting page (`col-lg-7` in the container at each breakpoint, less the
# gutters), so the browser picks the smallest rendition that is sharp enough for its screen.
MEETING_PAGE_SIZES = (
    "(min-width: 1400px) 746px, (min-width: 1200px) 641px, (min-width: 992px) 536px, "
    "(min-width: 768px) 696px, (min-width: 576px) 516px, calc(100vw - 1.5rem)"
)
# The rendition a browser without srcset support gets (one of events.models.IMAGE_WIDTHS).
DEFAULT_WIDTH = 960


@register.inclusion_tag("events/includes/event_picture.html", takes_context=True)
def event_picture(context, event, *, above_the_fold=False, sizes=MEETING_PAGE_SIZES, css_class=""):
    """
    A meeting's image as a <picture>: WebP renditions for browsers that take them, JPEG for the rest, each at
    every width with `width`/`height` so the page does not move as it loads. Below the fold the image loads
    only when the reader scrolls near it; the one at the top of a page loads at once.
    """
    if not event.image:
        return {"show": False}

    def srcset(kind):
        return ", ".join(f"{file.url} {width}w" for file, width, _height in event.image_renditions(kind))

    return {
        "show": True,
        "webp_srcset": srcset("webp"),
        "jpeg_srcset": srcset("jpeg"),
        "src": getattr(event, f"image_jpeg_{DEFAULT_WIDTH}").url,
        "width": DEFAULT_WIDTH,
        "height": image_height(DEFAULT_WIDTH),
        "sizes": sizes,
        "alt": event.image_alt,
        "alt_lang": lang_attr(context, event, "image_alt"),
        "lazy": not above_the_fold,
        "css_class": css_class,
    }
