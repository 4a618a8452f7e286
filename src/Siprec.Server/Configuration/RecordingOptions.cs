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

    /// <summary>How long recordings are kept before the retention sweep deletes them; null keeps them forever.</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>Interval between retention sweeps.</summary>
    public TimeSpan RetentionSweep { get; set; } = TimeSpan.FromHours(1);

    /// <summary>File holding the 256-bit master key that encrypts recordings at rest; files are written in clear when null.</summary>
    public string? EncryptionKeyFile { get; set; }

    /// <summary>Folder of older master keys (<c>*.key</c>) kept so files wrapped under them still open after a rotation.</summary>
    public string? EncryptionKeyringDirectory { get; set; }

    /// <summary>PostgreSQL database of the shared recordings index; null for the SQLite file.</summary>
    public string? IndexUrl { get; set; }
}
