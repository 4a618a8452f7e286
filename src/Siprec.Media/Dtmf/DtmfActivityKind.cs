namespace Siprec.Media.Dtmf;

/// <summary>Where in a digit a <see cref="DtmfActivity"/> lies.</summary>
public enum DtmfActivityKind
{
    /// <summary>The digit begins.</summary>
    Started,

    /// <summary>The digit is still held (a further telephone-event packet of it).</summary>
    Continuing,

    /// <summary>The digit ended.</summary>
    Ended,
}
