// The file chooser for web/file_picker.cpp (an Emscripten JS library): a hidden <input type=file id=
// crm-file-input> created once; crm_file_pick() clicks it, and the chosen file's name, type and bytes go to
// crm_file_picked (bytes in a malloc'd buffer the C++ side frees). Tests may set files on the input directly.
// (Methods are written `name: function` because Emscripten 3.1.6 serialises library objects that way.)
mergeInto(LibraryManager.library, {
  $CRMFILE: {
    input: null,

    element: function () {
      if (CRMFILE.input) return CRMFILE.input;
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'crm-file-input';
      input.style.display = 'none';
      input.addEventListener('change', function () {
        const file = input.files && input.files[0];
        if (!file) return;
        file.arrayBuffer().then(function (buffer) {
          const bytes = new Uint8Array(buffer);
          const ptr = Module._malloc(Math.max(1, bytes.length));
          HEAPU8.set(bytes, ptr);
          Module.ccall('crm_file_picked', null, ['string', 'string', 'number', 'number'],
                       [file.name, file.type || '', ptr, bytes.length]);
          input.value = '';  // the same file can be chosen again
        });
      });
      document.body.appendChild(input);
      CRMFILE.input = input;
      return input;
    },
  },

  crm_file_pick__deps: ['$CRMFILE'],
  crm_file_pick: function () {
    if (typeof document === 'undefined') return 0;
    const input = CRMFILE.element();
    try { input.click(); } catch (e) { /* no user activation: the input still accepts files set by a test */ }
    return 1;
  },
});
