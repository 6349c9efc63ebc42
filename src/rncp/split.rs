//! Cutting the free text of `LISTE_COMPETENCES` into compétences and critères.
