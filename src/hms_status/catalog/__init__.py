"""Service catalogs written by others (Backstage catalog-info.yaml), read into plain records."""

from __future__ import annotations

from hms_status.catalog.backstage import CatalogEntity, parse_catalog, ref_name

__all__ = ["CatalogEntity", "parse_catalog", "ref_name"]
