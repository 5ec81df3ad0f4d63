INSERT { ?s <urn:ex:b> ?x } WHERE { ?s ?p 27 VALUES ?x { """x"""" " } } ; LOAD <{endpoint}> ; INSERT DATA { <urn:ex:a> <urn:ex:b> " " } # "
