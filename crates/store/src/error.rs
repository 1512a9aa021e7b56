use wv_core::gebied::Code;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {0}")]
    Open(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error(
        "the store has no buurten of {jaar}: import them first with `wijkverband import buurten FILE --year {jaar}`"
    )]
    NoGeography { jaar: i32 },
    /// A code in the imported rows does not exist in that year's division; `row` indexes the input.
    #[error("{code} is not an area of the {jaar} division")]
    UnknownArea { code: Code, jaar: i32, row: usize },
    #[error("unknown gemeente {0}: it is in no imported year's division (see `wijkverband buurten`)")]
    UnknownGemeente(String),
    #[error("no regio named '{0}' (define it with `wijkverband regio maak`)")]
    UnknownRegio(String),
    #[error("stored geometry of {code} is damaged: {message}")]
    Geometry { code: String, message: String },
}
