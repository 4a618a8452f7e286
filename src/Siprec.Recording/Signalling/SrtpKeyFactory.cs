namespace Siprec.Recording.Signalling;

/// <summary>Creates a fresh SDES key for <paramref name="cryptoSuite"/> and returns its key parameters, e.g. <c>inline:base64key||salt</c>.</summary>
public delegate string SrtpKeyFactory(string cryptoSuite);
