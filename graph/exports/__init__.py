"""Exports of views and data: graph formats, RDF serializations and rendered pictures."""
