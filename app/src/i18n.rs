//! Every label and message of the dashboard, in Dutch (the default) and English.

/// The reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Nederlands.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }

    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}

/// A text of the dashboard; [`t`] gives its wording, which documents each variant.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy)]
pub enum Text {
    Tagline,
    SwitchLanguage,
    SampleBanner,
    ChooseFile,
    DropHint,
    Loading,
    CouldNotRead,
    Participants,
    ActiveParticipants,
    Outflow12m,
    DurableOutflow,
    LonelyLatest,
    LowIncomeLatest,
    OnParticipants,
    LadderTitle,
    Rung,
    ParticipantsAxis,
    LadderCaption,
    ByNeighbourhood,
    Neighbourhood,
    Validation,
    RowsRead,
    RowsUsed,
    RowsRejected,
    Line,
    Column,
    Value,
    Reason,
    SuppressionNote,
    NotAvailable,
    FileLabel,
    PrivacyNote,
}

/// The text in the given language.
pub fn t(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (nl, en) = match text {
        Tagline => ("Wat levert wijkwerk op?", "Does neighbourhood work pay off?"),
        SwitchLanguage => ("English", "Nederlands"),
        SampleBanner => (
            "U ziet voorbeeldgegevens (verzonnen deelnemers). Kies uw eigen CSV-bestand om uw eigen cijfers te zien.",
            "You are looking at sample data (invented participants). Choose your own CSV file to see your own figures.",
        ),
        ChooseFile => ("Kies een CSV-bestand", "Choose a CSV file"),
        DropHint => ("of sleep het bestand hierheen.", "or drop the file here."),
        Loading => ("Bestand wordt gelezen en doorgerekend…", "Reading and computing…"),
        CouldNotRead => ("Dit bestand kon niet worden gelezen", "This file could not be read"),
        Participants => ("Deelnemers", "Participants"),
        ActiveParticipants => ("Actieve deelnemers", "Active participants"),
        Outflow12m => ("Uitstroom naar werk binnen 12 maanden", "Outflow to work within 12 months"),
        DurableOutflow => ("Duurzame uitstroom", "Durable outflow"),
        LonelyLatest => ("Eenzaam (laatste meting)", "Lonely (latest measurement)"),
        LowIncomeLatest => ("Laag inkomen (laatste meting)", "Low income (latest measurement)"),
        OnParticipants => ("deelnemers", "participants"),
        LadderTitle => ("Deelnemers per trede van de participatieladder", "Participants per rung of the participation ladder"),
        Rung => ("Trede", "Rung"),
        ParticipantsAxis => ("Deelnemers", "Participants"),
        LadderCaption => (
            "Trede bij de laatste meting met een trede, van 1 (geïsoleerd) tot 6 (betaald werk).",
            "Rung at the latest rated measurement, from 1 (isolated) to 6 (paid work).",
        ),
        ByNeighbourhood => ("Per wijk", "By neighbourhood"),
        Neighbourhood => ("Wijk", "Neighbourhood"),
        Validation => ("Controle van het bestand", "File check"),
        RowsRead => ("Regels gelezen", "Rows read"),
        RowsUsed => ("Regels gebruikt", "Rows used"),
        RowsRejected => ("Regels afgewezen", "Rows rejected"),
        Line => ("Regel", "Line"),
        Column => ("Kolom", "Column"),
        Value => ("Waarde", "Value"),
        Reason => ("Reden", "Reason"),
        SuppressionNote => (
            "Afgeschermd: aantallen onder de drempel, percentages op minder deelnemers dan de drempel, en cijfers waaruit zo'n klein aantal terug te rekenen zou zijn. Drempel:",
            "Suppressed: counts below the threshold, shares based on fewer participants than the threshold, and figures from which such a small count could be worked out. Threshold:",
        ),
        NotAvailable => ("niet gemeten", "not measured"),
        FileLabel => ("Bestand", "File"),
        PrivacyNote => (
            "Alles wordt in uw browser berekend; het bestand verlaat uw computer niet.",
            "Everything is computed in your browser; the file never leaves your computer.",
        ),
    };
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}
