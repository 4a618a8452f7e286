namespace Siprec.Recording.Metadata;

/// <summary>Whether a metadata document describes the whole recording session or only changes to it (RFC 7865 §6.1).</summary>
public enum MetadataDataMode
{
    /// <summary>The document is the full, current state; it replaces what was known.</summary>
    Complete,

    /// <summary>The document carries only additions and changes to merge into what was known.</summary>
    Partial,
}
