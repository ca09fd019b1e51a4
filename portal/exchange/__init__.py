"""Data in and out for a council's own returns: the CIN census child protection module
and Ofsted's Annex A child protection list (docs/data-exchange.md).

Reads the stored plans; imports save through portal.records like every other door.
"""
