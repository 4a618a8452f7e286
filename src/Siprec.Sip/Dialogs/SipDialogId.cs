namespace Siprec.Sip.Dialogs;

/// <summary>A dialog's identity (RFC 3261 §12): Call-ID with the local and remote tags.</summary>
public readonly record struct SipDialogId(string CallId, string LocalTag, string RemoteTag);
