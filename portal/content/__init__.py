"""Content: Markdown guides and procedures, loaded and rendered once at start-up.

Pure Python: no Flask import, so it is tested directly and used by the CLI checker.
"""

from portal.content.library import SECTIONS, ContentLibrary, GlossaryTerm, Page
from portal.content.loader import load_library

__all__ = ["SECTIONS", "ContentLibrary", "GlossaryTerm", "Page", "load_library"]
