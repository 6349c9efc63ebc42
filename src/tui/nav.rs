//! Which screen shows, and where a screen asks to go: plain ids, so that
//! screens can name each other without knowing each other.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Picker,
    Main,
    /// The tutor's list of candidates.
    Cohort,
    /// The candidate's experiences (`X`).
    Experiences,
    /// The pièces justificatives (`J`).
    Pieces,
    /// Critères × experiences (`m`).
    Matrix,
    /// Everything the référentiel holds (`i`).
    Fiche,
    /// Importing a certification from France compétences' export (`I`).
    Import,
    /// The jury date and the pace (`p`).
    Pace,
}

/// Where a screen asks to go; `App` goes there (no screen switches screens
/// itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Go {
    /// The list of certifications, on the open one.
    Picker,
    /// The référentiel of the open certification, as it was left.
    Main,
    /// Opens this certification on the main screen.
    Open(usize),
    Experiences,
    Pieces,
    /// The matrix, on what the tree has selected when coming from it.
    Matrix,
    /// The fiche of this certification, back to where it was opened from.
    Fiche(usize),
    /// Back from the fiche.
    FicheBack,
    Import,
    /// The dashboard of the open certification.
    Pace,
}
