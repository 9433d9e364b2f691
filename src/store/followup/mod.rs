//! After the first round (DOMAIN.md steps 8 to 10): closure (销号) and reopening,
//! commitments and follow-up (回头看), the second-round queue (二次办理) and the sweep that
//! feeds it, supervision.

pub mod closure;
pub mod commitments;
pub mod office_due;
pub mod second_round;
pub mod supervision;
pub mod sweep;
