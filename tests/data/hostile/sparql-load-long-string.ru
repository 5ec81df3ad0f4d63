INSERT { <urn:ex:a> <urn:ex:b> ?x } WHERE { VALUES ?x { """a"""" " } } ; LOAD <{endpoint}> ; INSERT DATA { <urn:ex:a> <urn:ex:b> " " } # "
