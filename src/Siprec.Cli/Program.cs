Console.Error.WriteLine("siprecctl: not implemented yet");
return 2;
