//! `revise init [DIR]`: create a migration environment and a config file.

use std::path::{Path, PathBuf};

use super::GlobalOptions;
use crate::error::{Error, Result};
use crate::ui::Ui;

/// The config template (`templates/alembic.toml`).
const CONFIG_TEMPLATE: &str = include_str!("../../templates/alembic.toml");

/// Creates `dir` with `versions/` and the script template, and the config file
/// (unless one exists already).
pub fn run(options: &GlobalOptions, dir: &Path) -> Result<u8> {
    let ui = Ui::new(options.quiet);
    let config = options
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::config::DEFAULT_CONFIG_FILE));
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_some()
    {
        return Err(Error::Usage(format!(
            "{} already exists and is not empty; choose another directory",
            dir.display()
        )));
    }
    // The config's directory first: if it cannot be made, nothing is written.
    if !config.exists()
        && let Some(parent) = config.parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let versions = dir.join("versions");
    std::fs::create_dir_all(&versions).map_err(|e| Error::io(&versions, e))?;
    let template = dir.join("script.sql.tmpl");
    write(&template, crate::script::file::DEFAULT_TEMPLATE)?;
    ui.info(&format!("created {}", versions.display()));
    ui.info(&format!("created {}", template.display()));
    if config.exists() {
        ui.info(&format!(
            "{} exists; left as is (check that [scripts] dir points at {})",
            config.display(),
            dir.display()
        ));
    } else {
        // [scripts] dir is relative to the config file's directory.
        let base = config
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let relative = pathdiff(dir, base);
        let text = CONFIG_TEMPLATE.replace("{scripts_dir}", &relative.replace('\\', "/"));
        write(&config, &text)?;
        ui.info(&format!(
            "created {}; set [database] url, then run `revise revision -m MSG`",
            config.display()
        ));
    }
    Ok(0)
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// `dir` relative to `base` when it lies below it, else `dir` made absolute.
fn pathdiff(dir: &Path, base: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (d, b) = (abs(dir), abs(base));
    match d.strip_prefix(&b) {
        // The config's own directory: "." rather than an empty string, so the
        // commented template path below it does not read as absolute.
        Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => d.display().to_string(),
    }
}
