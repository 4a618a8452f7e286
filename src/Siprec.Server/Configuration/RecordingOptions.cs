namespace Siprec.Server.Configuration;

/// <summary>Recording storage and session limits.</summary>
public sealed class RecordingOptions
{
    /// <summary>Directory that receives recordings, sidecars and the audit trail.</summary>
    public string Directory { get; set; } = "./recordings";

    /// <summary>Sample rate of the recorded WAV files.</summary>
    public int SampleRate { get; set; } = 8000;

    /// <summary>Also write one WAV file per stream.</summary>
    public bool PerStreamFiles { get; set; }

    /// <summary>Keep the values of keyed DTMF digits; when false each digit is stored as <c>*</c>.</summary>
    public bool StoreDtmfDigits { get; set; }

    /// <summary>Write a vCon (<c>.vcon.json</c>) beside each finished recording.</summary>
    public bool VconExport { get; set; }

    /// <summary>Most concurrent sessions accepted.</summary>
    public int MaxSessions { get; set; } = 1000;

    /// <summary>SQLite recordings index; <c>index.db</c> in <see cref="Directory"/> when null.</summary>
    public string? IndexPath { get; set; }
}
