//! Loneliness on the De Jong Gierveld scales (DATA.md §3): scoring of item answers, and the
//! lonely and severely lonely shares at intake and latest, with the mean change.

use polars::prelude::*;

use super::{OverRecords, ParticipantColumn, Pick, Which};

use crate::columns::{LonelinessScale, LONELINESS};
use crate::load::values::Answer;

/// A record's score on the scale and its two subscales; `None` where an answer is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemScores {
    /// Total score: 0–11 on the long scale, 0–6 on the short one.
    pub total: Option<i32>,
    /// Emotional loneliness: the negative items.
    pub emotional: Option<i32>,
    /// Social loneliness: the positive items.
    pub social: Option<i32>,
}

impl ItemScores {
    /// Falls back on a precomputed total where the items gave none ("used when items are absent").
    pub fn or_precomputed(self, precomputed: Option<i32>) -> ItemScores {
        match self.total {
            Some(_) => self,
            None => ItemScores {
                total: precomputed,
                ..self
            },
        }
    }
}

/// Which positions (1-based) of a scale are negatively worded. On the long scale these are
/// items 2, 3, 5, 6, 9, 10; the short scale's columns hold long items 3, 9, 10, 4, 7, 8, so its
/// first three are the negative ones.
fn is_negative(scale: LonelinessScale, position: usize) -> bool {
    match scale {
        LonelinessScale::Long11 => matches!(position, 2 | 3 | 5 | 6 | 9 | 10),
        LonelinessScale::Short6 => position <= 3,
    }
}

/// Scores one record's answers (`answers[i]` is item `i + 1` of the scale): a negative item
/// scores 1 for "ja" or "min of meer", a positive item 1 for "nee" or "min of meer". A score
/// needs every answer; a subscale needs every answer of its items.
pub fn score_items(scale: LonelinessScale, answers: &[Option<Answer>]) -> ItemScores {
    let mut emotional = Some(0);
    let mut social = Some(0);
    for (index, answer) in answers.iter().enumerate().take(scale.items()) {
        let negative = is_negative(scale, index + 1);
        let point = answer.map(|answer| match (negative, answer) {
            (_, Answer::MoreOrLess) | (true, Answer::Yes) | (false, Answer::No) => 1,
            _ => 0,
        });
        let subscale = if negative {
            &mut emotional
        } else {
            &mut social
        };
        *subscale = subscale.zip(point).map(|(sum, point)| sum + point);
    }
    ItemScores {
        total: emotional.zip(social).map(|(e, s)| e + s),
        emotional,
        social,
    }
}

/// Score from which a participant counts as lonely, and as severely lonely.
pub fn cut_offs(scale: LonelinessScale) -> (i32, i32) {
    match scale {
        LonelinessScale::Long11 => (3, 9),
        LonelinessScale::Short6 => (2, 5),
    }
}

/// Per participant (records sorted by date): intake and latest score.
pub fn picks() -> Vec<Pick> {
    vec![
        Pick::new(LONELINESS, Which::First, LONELINESS, "loneliness_intake"),
        Pick::new(LONELINESS, Which::Last, LONELINESS, "loneliness_latest"),
    ]
}

/// Per participant: how many of their records have a score.
pub fn participant_columns() -> Vec<ParticipantColumn> {
    vec![ParticipantColumn::new(
        LONELINESS,
        OverRecords::Count,
        "loneliness_scored_records",
    )]
}

/// Per participant, what they add to the cells behind the loneliness figures.
pub fn contributions(scale: Option<LonelinessScale>) -> Vec<Expr> {
    let (lonely, severe) = cut_offs(scale.unwrap_or(LonelinessScale::Long11));
    let two_scored = col("loneliness_scored_records").gt_eq(lit(2));
    vec![
        col("loneliness_intake")
            .is_not_null()
            .alias("scored_intake"),
        col("loneliness_intake")
            .gt_eq(lit(lonely))
            .alias("lonely_intake"),
        col("loneliness_latest")
            .is_not_null()
            .alias("scored_latest"),
        col("loneliness_latest")
            .gt_eq(lit(lonely))
            .alias("lonely_latest"),
        col("loneliness_latest")
            .gt_eq(lit(severe))
            .alias("severely_lonely_latest"),
        two_scored.clone().alias("loneliness_change_base"),
        when(two_scored)
            .then(col("loneliness_latest") - col("loneliness_intake"))
            .otherwise(lit(NULL))
            .alias("loneliness_change_sum"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::{MoreOrLess as M, No as N, Yes as Y};

    fn long(answers: [Answer; 11]) -> ItemScores {
        score_items(LonelinessScale::Long11, &answers.map(Some))
    }

    #[test]
    fn long_scale_scores_negative_and_positive_items() {
        // Nobody lonely: "nee" on negative items, "ja" on positive items.
        assert_eq!(long([Y, N, N, Y, N, N, Y, Y, N, N, Y]).total, Some(0));
        // Everyone lonely: the opposite answers.
        let all = long([N, Y, Y, N, Y, Y, N, N, Y, Y, N]);
        assert_eq!(
            (all.total, all.emotional, all.social),
            (Some(11), Some(6), Some(5))
        );
        // "min of meer" scores 1 on every item.
        assert_eq!(long([M; 11]).total, Some(11));
        // Items 2 and 3 "ja" (negative, +2), item 1 "nee" (positive, +1): 3, emotional 2, social 1.
        let three = long([N, Y, Y, Y, N, N, Y, Y, N, N, Y]);
        assert_eq!(
            (three.total, three.emotional, three.social),
            (Some(3), Some(2), Some(1))
        );
    }

    #[test]
    fn a_missing_answer_leaves_no_score() {
        let mut answers = [Some(N); 11];
        answers[4] = None; // item 5, a negative item
        let scores = score_items(LonelinessScale::Long11, &answers);
        assert_eq!(scores.total, None);
        assert_eq!(scores.emotional, None);
        // The positive items 1, 4, 7, 8, 11 are all "nee": social subscale 5.
        assert_eq!(scores.social, Some(5));
        assert_eq!(scores.or_precomputed(Some(4)).total, Some(4));
    }

    #[test]
    fn short_scale_first_three_items_are_negative() {
        let scores = score_items(LonelinessScale::Short6, &[Y, Y, N, N, Y, M].map(Some));
        // Negative: ja, ja, nee -> 2. Positive: nee, ja, min of meer -> 1 + 0 + 1 = 2.
        assert_eq!(
            (scores.total, scores.emotional, scores.social),
            (Some(4), Some(2), Some(2))
        );
    }
}
