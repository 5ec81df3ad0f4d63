INSERT { ?s <urn:ex:b> ?x } WHERE { VALUES ?x { """x"""" " } } ; INSERT { <urn:ex:a> <urn:ex:b> ?o } USING <urn:ex:g> WHERE { ?s ?p ?o } ; INSERT DATA { <urn:ex:a> <urn:ex:b> " " } # "
