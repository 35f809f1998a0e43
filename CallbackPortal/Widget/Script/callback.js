/* CallbackPortal widget: placeholder committed by the foundation; the widget itself replaces this file. */
(function () {
  'use strict';
  window.CallbackWidget = window.CallbackWidget || { version: '0' };
})();
