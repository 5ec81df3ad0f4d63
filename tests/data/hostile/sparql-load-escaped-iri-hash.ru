INSERT { ?z <urn:ex:b> 1 } WHERE { BIND(<urn:x\u0041#> AS ?z) } ; LOAD <{endpoint}>
