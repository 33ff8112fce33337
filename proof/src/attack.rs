//! Not written yet: owned by the helper doing this part of issue #6.

use crate::summary::Summary;

#[derive(clap::Args)]
pub struct Args {}

pub async fn run(_args: Args) -> anyhow::Result<Summary> {
    anyhow::bail!("not written yet")
}
