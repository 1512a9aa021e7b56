//! `StoreError`: what can go wrong in the store, in words a user can act on.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("kan de opslag {0} niet openen")]
    Open(String),
    #[error("databasefout: {0}")]
    Db(#[from] sqlx::Error),
    #[error(
        "de opslag heeft geen buurten van {jaar}: lees ze eerst in met `wijkverband import buurten BESTAND --year {jaar}`"
    )]
    NoGeography { jaar: i32 },
    #[error("onbekende gemeente {0}: die staat in geen ingelezen indeling (zie `wijkverband status`)")]
    UnknownGemeente(String),
    #[error("geen regio met de naam '{0}' (maak die met `wijkverband regio maak`)")]
    UnknownRegio(String),
    /// The region cannot be modelled for the engine, with the reason.
    #[error("{0}")]
    Model(String),
    #[error("geen indeling met de naam '{0}' (zie `wijkverband indeling lijst`)")]
    UnknownPlan(String),
    /// Bad input, with where and what to do.
    #[error("{0}")]
    Data(#[from] Box<wv_data::DataError>),
    /// A change refused with the reason, in words; nothing changed.
    #[error("{0}")]
    Geweigerd(String),
    /// What a change names does not exist (or is not the session's), in words.
    #[error("{0}")]
    NietGevonden(&'static str),
    #[error("de opgeslagen geometrie van {code} is beschadigd: {message}")]
    Geometry { code: String, message: String },
}
