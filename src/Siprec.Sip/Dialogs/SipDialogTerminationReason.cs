namespace Siprec.Sip.Dialogs;

/// <summary>Why a dialog ended.</summary>
public enum SipDialogTerminationReason
{
    /// <summary>The peer sent BYE and it was answered with 2xx.</summary>
    RemoteBye,

    /// <summary>This side sent BYE.</summary>
    LocalBye,

    /// <summary>The 2xx to the INVITE was never acknowledged; the stack sent BYE (RFC 3261 §13.3.1.4).</summary>
    AckTimeout,

    /// <summary>The stack stopped.</summary>
    Shutdown,
}
